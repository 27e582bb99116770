// The ETF encoder: the exact bytes of each form, what it refuses, and its buffer handling.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DecodeError, decodeEtf, encodeEtf } from '@shardwire/core'
import { hex } from './etf-random-terms.js'

function assertBytes(value: unknown, expectedHex: string): void {
  assert.equal(Buffer.from(encodeEtf(value)).toString('hex'), Buffer.from(hex(expectedHex)).toString('hex'), expectedHex)
}

function assertUnencodable(value: unknown, message: RegExp): void {
  assert.throws(
    () => encodeEtf(value),
    (error: unknown) => error instanceof DecodeError && error.code === 'ETF_UNENCODABLE' && message.test(error.message),
  )
}

describe('encodeEtf: forms', () => {
  test('integers: SMALL_INTEGER, INTEGER, SMALL_BIG', () => {
    assertBytes(0, '83 61 00')
    assertBytes(255, '83 61 ff')
    assertBytes(256, '83 62 00000100')
    assertBytes(-1, '83 62 ffffffff')
    assertBytes(-2147483648, '83 62 80000000')
    assertBytes(2147483647, '83 62 7fffffff')
    assertBytes(2147483648, '83 6e 04 00 00000080')
    assertBytes(-2147483649, '83 6e 04 01 01000080')
    assertBytes(2 ** 32, '83 6e 05 00 0000000001')
    assertBytes(Number.MAX_SAFE_INTEGER, '83 6e 07 00 ffffffffffff1f')
    assertBytes(-Number.MAX_SAFE_INTEGER, '83 6e 07 01 ffffffffffff1f')
    // -0 is written as the integer 0, as JSON writes it.
    assertBytes(-0, '83 61 00')
  })

  test('other numbers: NEW_FLOAT, including integers beyond 2^53 (as integers they would read back as strings)', () => {
    assertBytes(1.5, '83 46 3ff8000000000000')
    assertBytes(-0.1, '83 46 bfb999999999999a')
    assertBytes(2 ** 60, '83 46 43b0000000000000')
    assertBytes(Number.MAX_VALUE, '83 46 7fefffffffffffff')
    assert.equal(decodeEtf(encodeEtf(2 ** 60)), 2 ** 60)
  })

  test('BigInts: INTEGER when they fit 32 bits, then SMALL_BIG, then LARGE_BIG', () => {
    assertBytes(5n, '83 61 05')
    assertBytes(-5n, '83 62 fffffffb')
    assertBytes(2n ** 64n - 1n, '83 6e 08 00 ffffffffffffffff')
    assertBytes(-(2n ** 63n), '83 6e 08 01 0000000000000080')
    assertBytes(1217543229476081714n, '83 6e 08 00 32909acb1d95e510') // 0x10e5951dcb9a9032, little-endian
    assertBytes(2n ** 64n, '83 6e 09 00 000000000000000001')
    const large = encodeEtf(2n ** 2100n)
    assert.equal(Buffer.from(large.subarray(0, 7)).toString('hex'), '836f0000010700') // 263 digits, positive
    assert.equal(decodeEtf(large, { bigint: true }), 2n ** 2100n)
    assert.equal(decodeEtf(encodeEtf(-(2n ** 2100n)), { bigint: true }), -(2n ** 2100n))
    assert.equal(decodeEtf(encodeEtf(2n ** 2040n - 1n), { bigint: true }), 2n ** 2040n - 1n, '255 digits: the largest SMALL_BIG')
    assert.equal(encodeEtf(2n ** 2040n - 1n)[1], 110)
    assert.equal(encodeEtf(2n ** 2040n)[1], 111)
  })

  test('atoms: true, false, and nil for null and undefined (SMALL_ATOM, as erlpack writes them)', () => {
    assertBytes(true, '83 73 04 74727565')
    assertBytes(false, '83 73 05 66616c7365')
    assertBytes(null, '83 73 03 6e696c')
    assertBytes(undefined, '83 73 03 6e696c')
  })

  test('strings are BINARY with UTF-8 bytes', () => {
    assertBytes('', '83 6d 00000000')
    assertBytes('hi', '83 6d 00000002 6869')
    assertBytes('é😀', '83 6d 00000006 c3a9 f09f9880')
    const long = `${'long '.repeat(30)}é`
    assert.equal(Buffer.from(encodeEtf(long).subarray(6)).toString('utf8'), long)
  })

  test('arrays are LIST ending in NIL; the empty array is NIL; undefined elements are nil', () => {
    assertBytes([], '83 6a')
    assertBytes([1, 'a'], '83 6c 00000002 6101 6d00000001 61 6a')
    assertBytes([undefined], '83 6c 00000001 7303 6e696c 6a')
    assertBytes([[]], '83 6c 00000001 6a 6a')
  })

  test('plain objects are MAP with BINARY keys; undefined values and symbol keys are skipped', () => {
    assertBytes({}, '83 74 00000000')
    assertBytes({ op: 1 }, '83 74 00000001 6d00000002 6f70 6101')
    assertBytes({ a: undefined, b: null, [Symbol('s')]: 1 }, '83 74 00000001 6d00000001 62 7303 6e696c')
    assertBytes(Object.assign(Object.create(null) as object, { k: 2 }), '83 74 00000001 6d00000001 6b 6102')
    // Integer-like keys are binaries too: the gateway wants string keys.
    assertBytes({ 7: 1 }, '83 74 00000001 6d00000001 37 6101')
  })

  test('a `__proto__` own key is written as a key and read back as one', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as object
    const decoded = decodeEtf(encodeEtf(value)) as object
    assert.deepEqual(Object.keys(decoded), ['__proto__', 'y'])
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype)
  })

  test('objects with toJSON are written as its result (once, as JSON.stringify does)', () => {
    const date = new Date(Date.UTC(2024, 2, 12, 10, 20, 30, 123))
    assert.deepEqual(decodeEtf(encodeEtf({ at: date })), { at: '2024-03-12T10:20:30.123Z' })
    const nested = { toJSON: () => ({ toJSON: () => 'not called', kept: 1 }) }
    assert.throws(() => encodeEtf(nested), { code: 'ETF_UNENCODABLE' }, 'the inner toJSON is a function value: unencodable')
    assert.deepEqual(decodeEtf(encodeEtf({ toJSON: () => [1, 2] })), [1, 2])
  })

  test('a gateway payload reads back through erlpack-compatible forms', () => {
    const identify = {
      op: 2,
      d: {
        token: 'Bot abc.def.ghi',
        intents: 3276799,
        properties: { os: 'linux', browser: 'shardwire', device: 'shardwire' },
        shard: [0, 16],
        large_threshold: 250,
        presence: { since: null, activities: [{ name: 'ETF 🧪', type: 0 }], status: 'online', afk: false },
      },
    }
    assert.deepStrictEqual(decodeEtf(encodeEtf(identify)), identify)
  })
})

describe('encodeEtf: refusals (ETF_UNENCODABLE)', () => {
  test('functions, symbols, NaN and the infinities, anywhere', () => {
    assertUnencodable(() => 1, /function/)
    assertUnencodable(Symbol('x'), /symbol/)
    assertUnencodable(Number.NaN, /NaN/)
    assertUnencodable(Number.POSITIVE_INFINITY, /Infinity/)
    assertUnencodable({ d: { at: Number.NEGATIVE_INFINITY } }, /-Infinity/)
    assertUnencodable([1, Symbol.iterator], /symbol/)
    assertUnencodable({ f() {} }, /function/)
  })

  test('cycles, through objects and arrays', () => {
    const object: Record<string, unknown> = { a: 1 }
    object.self = object
    assertUnencodable(object, /cyclic/)
    const array: unknown[] = [1]
    array.push({ back: array })
    assertUnencodable(array, /cyclic/)
    // Shared but acyclic references are fine.
    const shared = { x: 1 }
    assert.deepEqual(decodeEtf(encodeEtf({ a: shared, b: shared, c: [shared, shared] })), { a: shared, b: shared, c: [shared, shared] })
  })

  test('nesting deeper than 256', () => {
    const deep = (levels: number): unknown => (levels === 0 ? 'leaf' : [deep(levels - 1)])
    assert.doesNotThrow(() => encodeEtf(deep(256)))
    assertUnencodable(deep(257), /nested deeper than 256/)
    assert.deepEqual(decodeEtf(encodeEtf(deep(256))), deep(256))
  })

  test('objects that are not plain: Map, Set, class instances, typed arrays', () => {
    class Thing {
      readonly x = 1
    }
    assertUnencodable(new Map([['a', 1]]), /Map/)
    assertUnencodable(new Set([1]), /Set/)
    assertUnencodable({ d: new Thing() }, /Thing/)
    assertUnencodable(new Uint8Array(2), /Uint8Array/)
  })

  test('a toJSON that encodes ETF itself does not disturb the outer encoding', () => {
    const inner = { toJSON: () => Buffer.from(encodeEtf({ nested: [1, 2] })).toString('hex') }
    assert.deepEqual(decodeEtf(encodeEtf({ before: 'a', inner, after: 'b' })), {
      before: 'a',
      inner: Buffer.from(encodeEtf({ nested: [1, 2] })).toString('hex'),
      after: 'b',
    })
  })

  test('the encoder is usable again after a refusal', () => {
    assert.throws(() => encodeEtf({ a: [1, 2, { b: () => 0 }] }), { code: 'ETF_UNENCODABLE' })
    assertBytes({ a: 1 }, '83 74 00000001 6d00000001 61 6101')
    const cyclic: unknown[] = []
    cyclic.push(cyclic)
    assert.throws(() => encodeEtf(cyclic), { code: 'ETF_UNENCODABLE' })
    assert.deepEqual(decodeEtf(encodeEtf([[1], [1]])), [[1], [1]])
  })
})

describe('encodeEtf: buffers', () => {
  test('each result is its own array, unaffected by later calls', () => {
    const first = encodeEtf({ op: 1, d: 'first' })
    const copy = Uint8Array.from(first)
    encodeEtf({ op: 2, d: 'second, and longer than the first' })
    assert.deepEqual(first, copy)
    assert.equal(first.byteOffset, 0)
    assert.equal(first.buffer.byteLength, first.length, 'no hidden spare capacity is handed out')
  })

  test('grows for large values, then keeps working for small ones', () => {
    const big = { members: Array.from({ length: 20_000 }, (_, i) => ({ id: String(10n ** 17n + BigInt(i)), nick: `member ${i} 🎉` })) }
    const bytes = encodeEtf(big)
    assert.ok(bytes.length > 1024 * 1024)
    assert.deepStrictEqual(decodeEtf(bytes), big)
    assertBytes({ op: 11 }, '83 74 00000001 6d00000002 6f70 610b')
    const longString = 'ü'.repeat(3 * 1024 * 1024)
    assert.equal(decodeEtf(encodeEtf(longString)), longString)
  })
})
