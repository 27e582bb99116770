// Seeded fuzzing of the decoder: random bytes and mutations of valid messages. Every outcome
// must be a JSON-shaped value or a DecodeError with a documented ETF code and an offset inside
// the input; never another exception (RangeError, TypeError), never a hang.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { describe, test } from 'node:test'
import erlpack from 'erlpack'
import { DecodeError, decodeEtf, encodeEtf, errorCodes } from '@shardwire/core'
import { hex, randomValue, Rng } from './etf-random-terms.js'

const TAGS = [70, 80, 97, 98, 99, 100, 104, 105, 106, 107, 108, 109, 110, 111, 115, 116, 118, 119]
const STRICT = { maxDepth: 3, maxBytes: 64, bigint: true } as const

function seeds(rng: Rng): Uint8Array[] {
  const fixtures = JSON.parse(readFileSync(new URL('./fixtures/etf-erlang-terms.json', import.meta.url), 'utf8')) as {
    terms: Record<string, { hex: string }>
  }
  const inputs = Object.values(fixtures.terms).map((fixture) => hex(fixture.hex))
  for (let i = 0; i < 150; i++) inputs.push(encodeEtf(randomValue(rng, { bigints: 'huge', integerKeys: true })))
  for (let i = 0; i < 100; i++) inputs.push(new Uint8Array(erlpack.pack(randomValue(rng, { integerKeys: true }))))
  // Compressed terms built here too, so that mutations reach the inflate path often.
  for (let i = 0; i < 30; i++) {
    const term = encodeEtf(randomValue(rng)).subarray(1)
    const size = [(term.length >>> 24) & 0xff, (term.length >>> 16) & 0xff, (term.length >>> 8) & 0xff, term.length & 0xff]
    inputs.push(Uint8Array.from([131, 80, ...size, ...deflateSync(term)]))
  }
  return inputs
}

function mutate(rng: Rng, input: Uint8Array, other: Uint8Array): Uint8Array {
  const bytes = Array.from(input)
  const at = () => rng.int(bytes.length)
  switch (rng.int(7)) {
    case 0: // overwrite a few bytes
      for (let i = rng.int(4); i >= 0; i--) bytes[at()] = rng.int(256)
      break
    case 1: // truncate
      bytes.length = rng.int(bytes.length)
      break
    case 2: // insert bytes, often a tag
      bytes.splice(at(), 0, ...Array.from({ length: 1 + rng.int(4) }, () => (rng.chance(0.5) ? rng.pick(TAGS) : rng.int(256))))
      break
    case 3: // delete a range
      bytes.splice(at(), 1 + rng.int(8))
      break
    case 4: {
      // corrupt what may be a length field
      const value = rng.pick([0xffffffff, 0x7fffffff, 0x08000000, 65, 64, 1 + rng.int(1000)])
      bytes.splice(at(), 4, (value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff)
      break
    }
    case 5: // splice another message's tail in
      bytes.splice(at(), bytes.length, ...other.subarray(rng.int(other.length)))
      break
    default: // set a byte to a tag
      bytes[at()] = rng.pick(TAGS)
  }
  if (rng.chance(0.97) && bytes.length > 0) bytes[0] = 131
  return Uint8Array.from(bytes)
}

/** Values are what JSON (plus BigInt) can hold: no undefined, no functions, no class instances. */
function assertJsonShaped(value: unknown, depth = 0): void {
  assert.ok(depth < 300)
  if (value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value)) return
  if (Array.isArray(value)) {
    for (const element of value) assertJsonShaped(element, depth + 1)
    return
  }
  assert.equal(typeof value, 'object')
  assert.equal(Object.getPrototypeOf(value), Object.prototype)
  for (const element of Object.values(value as object)) assertJsonShaped(element, depth + 1)
}

function check(input: Uint8Array, options: typeof STRICT | undefined, codes: Map<string, number>): void {
  let value: unknown
  try {
    value = decodeEtf(input, options)
  } catch (error) {
    if (!(error instanceof DecodeError)) {
      assert.fail(`non-DecodeError ${String(error)} for ${Buffer.from(input).toString('hex')}`)
    }
    assert.ok(error.code.startsWith('ETF_') && error.code in errorCodes, error.code)
    assert.ok(Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= input.length, `${error.code} offset ${error.offset} of ${input.length}`)
    codes.set(error.code, (codes.get(error.code) ?? 0) + 1)
    return
  }
  codes.set('ok', (codes.get('ok') ?? 0) + 1)
  assertJsonShaped(value)
}

describe('decoder fuzzing', () => {
  test('20,000 mutations of valid messages: a value or a DecodeError, every time', { timeout: 60_000 }, () => {
    const rng = new Rng(0xf022)
    const inputs = seeds(rng)
    const codes = new Map<string, number>()
    for (let i = 0; i < 20_000; i++) {
      const input = mutate(rng, rng.pick(inputs), rng.pick(inputs))
      check(input, undefined, codes)
      check(input, STRICT, codes)
    }
    // The mutations reached every failure the decoder knows, and also decoded successfully.
    for (const code of ['ok', 'ETF_BAD_VERSION', 'ETF_UNEXPECTED_END', 'ETF_UNKNOWN_TAG', 'ETF_INVALID_UTF8', 'ETF_TOO_DEEP', 'ETF_TRAILING_BYTES', 'ETF_BAD_COMPRESSED', 'ETF_TOO_LARGE', 'ETF_MALFORMED']) {
      assert.ok((codes.get(code) ?? 0) > 0, `no input ended in ${code}: ${JSON.stringify([...codes])}`)
    }
  })

  test('20,000 random byte strings after the version byte', { timeout: 60_000 }, () => {
    const rng = new Rng(0xb17e)
    const codes = new Map<string, number>()
    for (let i = 0; i < 20_000; i++) {
      const length = rng.int(48)
      const input = Uint8Array.from([131, ...Array.from({ length }, () => (rng.chance(0.3) ? rng.pick(TAGS) : rng.chance(0.5) ? rng.int(4) : rng.int(256)))])
      check(input, undefined, codes)
      check(input, STRICT, codes)
    }
    assert.ok((codes.get('ok') ?? 0) > 20, JSON.stringify([...codes]))
  })

  test('every prefix of a valid message fails with ETF_UNEXPECTED_END (ETF_BAD_COMPRESSED inside zlib data)', () => {
    const rng = new Rng(0x7e57)
    const valid = seeds(rng).filter((input) => {
      if (input.length > 600) return false // quadratic in the length: keep the test quick
      try {
        decodeEtf(input)
        return true
      } catch {
        return false
      }
    })
    assert.ok(valid.length > 200, `${valid.length} seeds`)
    for (const input of valid) {
      for (let cut = 0; cut < input.length; cut++) {
        assert.throws(
          () => decodeEtf(input.subarray(0, cut)),
          (error: unknown) => error instanceof DecodeError && ['ETF_UNEXPECTED_END', 'ETF_BAD_COMPRESSED'].includes(error.code) && error.offset <= cut,
          `cut at ${cut} of ${Buffer.from(input).toString('hex').slice(0, 80)}`,
        )
      }
      assertJsonShaped(decodeEtf(input))
    }
  })
})
