// Differential tests against Discord's native erlpack: thousands of seeded random terms packed
// by erlpack and decoded by both; round trips through our encoder, read back by us and by
// erlpack. Where we differ on purpose (integers beyond 32 bits), the difference is asserted.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import erlpack from 'erlpack'
import { decodeEtf, encodeEtf } from '@shardwire/core'
import { afterRoundTrip, asErlpackReads, randomBigInt, randomInteger, randomValue, Rng } from './etf-random-terms.js'

const COUNT = 3000

/**
 * The tags of every map key in an encoded message, read by a walker independent of the decoder.
 * Only the tags our encoder writes are supported; anything else fails the walk.
 */
function mapKeyTags(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const keyTags: number[] = []
  let offset = 1
  const term = (): void => {
    const tag = bytes[offset++]!
    switch (tag) {
      case 97: // SMALL_INTEGER
        offset += 1
        return
      case 98: // INTEGER
        offset += 4
        return
      case 70: // NEW_FLOAT
        offset += 8
        return
      case 115: // SMALL_ATOM
        offset += 1 + bytes[offset]!
        return
      case 109: // BINARY
        offset += 4 + view.getUint32(offset)
        return
      case 110: // SMALL_BIG
        offset += 2 + bytes[offset]!
        return
      case 111: // LARGE_BIG
        offset += 5 + view.getUint32(offset)
        return
      case 106: // NIL
        return
      case 108: {
        const count = view.getUint32(offset)
        offset += 4
        for (let i = 0; i < count; i++) term()
        assert.equal(bytes[offset++], 106, 'a proper list')
        return
      }
      case 116: {
        const count = view.getUint32(offset)
        offset += 4
        for (let i = 0; i < count; i++) {
          keyTags.push(bytes[offset]!)
          term()
          term()
        }
        return
      }
      default:
        assert.fail(`unexpected tag ${tag} at ${offset - 1}`)
    }
  }
  assert.equal(bytes[0], 131)
  term()
  assert.equal(offset, bytes.length, 'the walk consumed every byte')
  return keyTags
}

describe('decoding what erlpack.pack writes', () => {
  test(`${COUNT} random gateway-like terms decode exactly as erlpack.unpack reads them`, () => {
    const rng = new Rng(0xe7f)
    for (let i = 0; i < COUNT; i++) {
      const value = randomValue(rng, { integerKeys: true })
      const packed = erlpack.pack(value)
      const ours = decodeEtf(packed)
      assert.deepStrictEqual(ours, erlpack.unpack(packed), `term #${i}`)
      // erlpack.pack keeps every value we generate (integers beyond 32 bits become floats).
      assert.deepStrictEqual(ours, afterRoundTrip(value, false), `term #${i} against its source`)
    }
  })

  test('integer-like keys, which erlpack.pack writes as integer terms, come back as the same keys', () => {
    const value = { 0: 'zero', 7: 'seven', 255: 'x', 256: 'y', 4294967294: 'max index', '-1': 'minus', '01': 'padded' }
    const packed = erlpack.pack(value)
    assert.ok(packed.includes(Buffer.from([97, 7])), 'erlpack wrote the key 7 as SMALL_INTEGER')
    assert.deepStrictEqual(decodeEtf(packed), value)
    assert.deepStrictEqual(decodeEtf(packed), erlpack.unpack(packed))
  })
})

describe('integers: the deliberate difference from erlpack', () => {
  test('SMALL_BIG of up to 64 bits: numbers up to 2^53 for us, strings beyond 32 bits for erlpack', () => {
    const rng = new Rng(0xb16)
    for (let i = 0; i < COUNT; i++) {
      const value = i % 2 === 0 ? BigInt(randomInteger(rng)) : randomBigInt(rng, false)
      const bytes = encodeEtf(value)
      const magnitude = value < 0n ? -value : value
      const ours = decodeEtf(bytes)
      if (magnitude <= BigInt(Number.MAX_SAFE_INTEGER)) {
        assert.equal(ours, Number(value), `${value}`)
      } else {
        assert.equal(ours, value.toString(), `${value}`)
        assert.equal(decodeEtf(bytes, { bigint: true }), value, `${value}`)
      }
      assert.deepStrictEqual(erlpack.unpack(Buffer.from(bytes)), asErlpackReads(value), `${value}`)
    }
  })

  test('explicit cases on both sides of 2^31, 2^32 and 2^53', () => {
    const cases: [bigint, unknown, unknown][] = [
      // value, erlpack reads, we read
      [2n ** 31n, 2147483648, 2147483648],
      [2n ** 32n - 1n, 4294967295, 4294967295],
      [2n ** 32n, '4294967296', 4294967296],
      [-(2n ** 31n) - 1n, '-2147483649', -2147483649],
      [2n ** 53n - 1n, '9007199254740991', 9007199254740991],
      [2n ** 53n, '9007199254740992', '9007199254740992'],
      [1217543229476081714n, '1217543229476081714', '1217543229476081714'],
      [-(2n ** 63n), '-9223372036854775808', '-9223372036854775808'],
      [2n ** 64n - 1n, '18446744073709551615', '18446744073709551615'],
    ]
    for (const [value, erlpackReads, weRead] of cases) {
      const bytes = Buffer.from(encodeEtf(value))
      assert.equal(erlpack.unpack(bytes), erlpackReads, `erlpack reads ${value}`)
      assert.equal(decodeEtf(bytes), weRead, `we read ${value}`)
    }
  })
})

describe('round trips through encodeEtf', () => {
  test(`${COUNT} random payloads: decodeEtf(encodeEtf(x)) is x (as JSON would see it)`, () => {
    const rng = new Rng(0x5eed)
    for (let i = 0; i < COUNT; i++) {
      const value = randomValue(rng, { bigints: 'huge', undefinedValues: true, integerKeys: true })
      const bytes = encodeEtf(value)
      assert.deepStrictEqual(decodeEtf(bytes), afterRoundTrip(value, false), `payload #${i}`)
      assert.deepStrictEqual(decodeEtf(bytes, { bigint: true }), afterRoundTrip(value, true), `payload #${i} with bigint`)
    }
  })

  test(`${COUNT} random payloads: erlpack.unpack accepts our bytes and reads the same values`, () => {
    const rng = new Rng(0xacce)
    for (let i = 0; i < COUNT; i++) {
      const value = randomValue(rng, { bigints: 'int64', undefinedValues: true, integerKeys: true })
      assert.deepStrictEqual(erlpack.unpack(Buffer.from(encodeEtf(value))), asErlpackReads(value), `payload #${i}`)
    }
  })

  test('our encoder never writes atom keys: every map key is a BINARY', () => {
    const rng = new Rng(0x6e75)
    let keys = 0
    for (let i = 0; i < COUNT; i++) {
      const tags = mapKeyTags(encodeEtf(randomValue(rng, { bigints: 'huge', undefinedValues: true, integerKeys: true })))
      assert.ok(tags.every((tag) => tag === 109), `payload #${i} key tags ${tags.join(',')}`)
      keys += tags.length
    }
    assert.ok(keys > 1000, `the walk saw ${keys} keys`)
    // Keys that look like atoms or integers are binaries too.
    assert.deepEqual(mapKeyTags(encodeEtf({ true: 1, nil: 2, 42: 3, op: 4 })), [109, 109, 109, 109])
  })

  test('what we encode, erlpack encodes to the same bytes (within the types both write alike)', () => {
    const rng = new Rng(0xb17e5)
    let compared = 0
    for (let i = 0; i < COUNT; i++) {
      const value = randomValue(rng, { integerKeys: false })
      const json = JSON.stringify(value)
      // erlpack writes integers beyond uint32 as floats and negative ones beyond int32 as floats: skip those.
      if (/\d{10,}|e\+|-\d{10}/.test(json)) continue
      assert.deepEqual(encodeEtf(value), new Uint8Array(erlpack.pack(value)), `payload #${i}: ${json.slice(0, 80)}`)
      compared++
    }
    assert.ok(compared > COUNT / 4, `compared ${compared} payloads`)
  })
})
