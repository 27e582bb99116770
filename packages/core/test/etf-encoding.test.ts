// The ETF encoding as the shard uses it: bytes in, a checked gateway payload out, and back.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createEtfEncoding, DecodeError, encodeEtf, etfEncoding, InvalidOptionError } from '@shardwire/core'

describe('etfEncoding', () => {
  test('is named `etf`, for the gateway URL', () => {
    assert.equal(etfEncoding.name, 'etf')
    assert.equal(createEtfEncoding().name, 'etf')
  })

  test('decodes a dispatch, with snowflakes as strings', () => {
    const bytes = encodeEtf({ op: 0, s: 5, t: 'GUILD_DELETE', d: { id: 1046143213853499452n, unavailable: true } })
    assert.deepStrictEqual(etfEncoding.decode(bytes), { op: 0, s: 5, t: 'GUILD_DELETE', d: { id: '1046143213853499452', unavailable: true } })
  })

  test('fills in missing `s` and `t` with null', () => {
    assert.deepStrictEqual(etfEncoding.decode(encodeEtf({ op: 11 })), { op: 11, s: null, t: null })
    assert.deepStrictEqual(etfEncoding.decode(encodeEtf({ op: 10, d: { heartbeat_interval: 41250 } })), {
      op: 10,
      d: { heartbeat_interval: 41250 },
      s: null,
      t: null,
    })
  })

  test('a text frame is a DecodeError: ETF only travels in binary frames', () => {
    assert.throws(
      () => etfEncoding.decode('{"op":11}'),
      (error: unknown) => error instanceof DecodeError && error.code === 'ETF_BAD_VERSION' && error.offset === 0,
    )
  })

  test('a term that is not a payload is PAYLOAD_INVALID', () => {
    for (const value of [[1, 2], 'op', null, { op: '1' }, { d: 1 }]) {
      assert.throws(() => etfEncoding.decode(encodeEtf(value)), { code: 'PAYLOAD_INVALID' }, JSON.stringify(value))
    }
  })

  test('malformed bytes surface the decoder error', () => {
    assert.throws(() => etfEncoding.decode(Uint8Array.from([131, 116, 0, 0, 0, 1])), { code: 'ETF_UNEXPECTED_END' })
  })

  test('encode writes bytes that decode back to the payload', () => {
    const heartbeat = { op: 1, d: 251 }
    const bytes = etfEncoding.encode(heartbeat)
    assert.ok(bytes instanceof Uint8Array)
    assert.deepStrictEqual(etfEncoding.decode(bytes), { ...heartbeat, s: null, t: null })
  })
})

describe('createEtfEncoding options', () => {
  test('bigint: snowflakes as BigInts', () => {
    const encoding = createEtfEncoding({ bigint: true })
    const payload = encoding.decode(encodeEtf({ op: 0, s: 1, t: 'X', d: { id: 1046143213853499452n, count: 3 } }))
    assert.deepStrictEqual(payload.d, { id: 1046143213853499452n, count: 3 })
  })

  test('maxDepth and maxBytes apply to every message', () => {
    const shallow = createEtfEncoding({ maxDepth: 2 })
    assert.doesNotThrow(() => shallow.decode(encodeEtf({ op: 0, d: {} })))
    assert.throws(() => shallow.decode(encodeEtf({ op: 0, d: { a: {} } })), { code: 'ETF_TOO_DEEP' })
    const small = createEtfEncoding({ maxBytes: 16 })
    assert.throws(() => small.decode(encodeEtf({ op: 0, d: 'x'.repeat(17) })), { code: 'ETF_TOO_LARGE' })
  })

  test('are validated when the encoding is created', () => {
    assert.throws(() => createEtfEncoding({ maxBytes: -1 }), (error: unknown) => error instanceof InvalidOptionError && error.option === 'maxBytes')
    assert.throws(() => createEtfEncoding({ bigint: 1 as unknown as boolean }), { code: 'INVALID_OPTION' })
  })
})
