// The ETF decoder, term by term, on hand-written bytes: every tag, every shape, every error code
// with its offset, and the options.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'
import { describe, test } from 'node:test'
import { DecodeError, decodeEtf, InvalidOptionError } from '@shardwire/core'
import { hex } from './etf-random-terms.js'

/** A whole message: the version byte, then the given term bytes. */
function etf(...bytes: number[]): Uint8Array {
  return Uint8Array.from([131, ...bytes])
}

/** Term bytes of a BINARY holding `text` as UTF-8. */
function binary(text: string): number[] {
  const bytes = Buffer.from(text, 'utf8')
  return [109, ...u32(bytes.length), ...bytes]
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]
}

function assertDecodeError(bytes: Uint8Array, code: string, offset: number, options?: Parameters<typeof decodeEtf>[1]): void {
  assert.throws(
    () => decodeEtf(bytes, options),
    (error: unknown) => {
      assert.ok(error instanceof DecodeError, `expected a DecodeError, got ${String(error)}`)
      assert.equal(error.code, code)
      assert.equal(error.offset, offset, `offset of ${code}`)
      return true
    },
  )
}

describe('decodeEtf: integers', () => {
  test('SMALL_INTEGER and INTEGER', () => {
    assert.equal(decodeEtf(etf(97, 0)), 0)
    assert.equal(decodeEtf(etf(97, 255)), 255)
    assert.equal(decodeEtf(etf(98, 0, 0, 1, 0)), 256)
    assert.equal(decodeEtf(etf(98, 0xff, 0xff, 0xff, 0xff)), -1)
    assert.equal(decodeEtf(etf(98, 0x80, 0, 0, 0)), -2147483648)
    assert.equal(decodeEtf(etf(98, 0x7f, 0xff, 0xff, 0xff)), 2147483647)
  })

  test('SMALL_BIG within 2^53 is a number, even when not normalized', () => {
    assert.equal(decodeEtf(etf(110, 0, 0)), 0)
    assert.ok(Object.is(decodeEtf(etf(110, 0, 1)), 0), 'negative zero-length big is 0, not -0')
    assert.ok(Object.is(decodeEtf(etf(110, 2, 1, 0, 0)), 0), 'negative zero is 0, not -0')
    assert.equal(decodeEtf(etf(110, 4, 0, 0, 0, 0, 0x80)), 2 ** 31)
    assert.equal(decodeEtf(etf(110, 4, 1, 0, 0, 0, 0x80)), -(2 ** 31))
    assert.equal(decodeEtf(etf(110, 8, 0, 5, 0, 0, 0, 0, 0, 0, 0)), 5)
    assert.equal(decodeEtf(etf(110, 7, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f)), Number.MAX_SAFE_INTEGER)
    assert.equal(decodeEtf(etf(110, 7, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f)), -Number.MAX_SAFE_INTEGER)
  })

  test('SMALL_BIG beyond 2^53 is a decimal string, or a BigInt with `bigint`', () => {
    const twoTo53 = etf(110, 7, 0, 0, 0, 0, 0, 0, 0, 0x20)
    assert.equal(decodeEtf(twoTo53), '9007199254740992')
    assert.equal(decodeEtf(twoTo53, { bigint: true }), 2n ** 53n)
    const snowflake = 1217543229476081714n
    const bytes = etf(110, 8, 0, ...Buffer.from(snowflake.toString(16).padStart(16, '0'), 'hex').reverse())
    assert.equal(decodeEtf(bytes), '1217543229476081714')
    assert.equal(decodeEtf(bytes, { bigint: true }), snowflake)
    const max = etf(110, 8, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
    assert.equal(decodeEtf(max), '-18446744073709551615')
    assert.equal(decodeEtf(max, { bigint: true }), -(2n ** 64n - 1n))
    // Integers within 2^53 stay numbers with `bigint` too.
    assert.equal(decodeEtf(etf(110, 1, 0, 7), { bigint: true }), 7)
  })

  test('bigs of more than 8 bytes (SMALL_BIG and LARGE_BIG)', () => {
    const nine = etf(110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
    assert.equal(decodeEtf(nine), '18446744073709551616')
    assert.equal(decodeEtf(nine, { bigint: true }), 2n ** 64n)
    // Not normalized: 9 bytes holding a small value is still a number.
    assert.equal(decodeEtf(etf(110, 9, 1, 42, 0, 0, 0, 0, 0, 0, 0, 0)), -42)
    const large = etf(111, ...u32(300), 0, ...new Array<number>(299).fill(0), 1)
    assert.equal(decodeEtf(large), (2n ** (299n * 8n)).toString())
    assert.equal(decodeEtf(large, { bigint: true }), 2n ** (299n * 8n))
  })
})

describe('decodeEtf: floats', () => {
  test('NEW_FLOAT is a big-endian double', () => {
    assert.equal(decodeEtf(etf(70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0)), 1.5)
    assert.equal(decodeEtf(etf(70, ...Buffer.from('c00921fb54442d18', 'hex'))), -3.141592653589793)
    assert.ok(Object.is(decodeEtf(etf(70, 0x80, 0, 0, 0, 0, 0, 0, 0)), -0))
  })

  test('FLOAT_EXT: 31 bytes of printed float, NUL-padded', () => {
    const text = (value: string) => etf(99, ...Buffer.from(value.padEnd(31, '\0'), 'latin1'))
    assert.equal(decodeEtf(text('1.50000000000000000000e+00')), 1.5)
    assert.equal(decodeEtf(text('-2.50000000000000000000e-10')), -2.5e-10)
    assert.equal(decodeEtf(text('42')), 42)
    assertDecodeError(text('nan'), 'ETF_MALFORMED', 1)
    assertDecodeError(text(''), 'ETF_MALFORMED', 1)
    assertDecodeError(text('1.5abc'), 'ETF_MALFORMED', 1)
    assertDecodeError(etf(99, 0x31, 0x2e), 'ETF_UNEXPECTED_END', 2)
  })
})

describe('decodeEtf: atoms', () => {
  test('true, false, nil and null in every atom tag', () => {
    for (const [name, value] of [['true', true], ['false', false], ['nil', null], ['null', null]] as const) {
      const bytes = [...Buffer.from(name)]
      assert.equal(decodeEtf(etf(119, bytes.length, ...bytes)), value, `SMALL_ATOM_UTF8 ${name}`)
      assert.equal(decodeEtf(etf(115, bytes.length, ...bytes)), value, `SMALL_ATOM ${name}`)
      assert.equal(decodeEtf(etf(118, 0, bytes.length, ...bytes)), value, `ATOM_UTF8 ${name}`)
      assert.equal(decodeEtf(etf(100, 0, bytes.length, ...bytes)), value, `ATOM ${name}`)
    }
  })

  test('other atoms are their names: Latin-1 for ATOM/SMALL_ATOM, UTF-8 for the UTF-8 tags', () => {
    assert.equal(decodeEtf(etf(100, 0, 4, 0x63, 0x61, 0x66, 0xe9)), 'café')
    assert.equal(decodeEtf(etf(115, 2, 0x80, 0xff)), '\u0080\u00ff')
    assert.equal(decodeEtf(etf(119, 4, 0xf0, 0x9f, 0x98, 0x80)), '😀')
    assert.equal(decodeEtf(etf(118, 0, 2, 0x6f, 0x6b)), 'ok')
    assert.equal(decodeEtf(etf(119, 0)), '')
    assert.equal(decodeEtf(etf(115, 3, 0x6e, 0x69, 0x6d)), 'nim', 'near-miss of nil')
    assert.equal(decodeEtf(etf(115, 4, 0x74, 0x72, 0x75, 0x66)), 'truf', 'near-miss of true')
    const long = 'x'.repeat(300)
    assert.equal(decodeEtf(etf(100, 1, 44, ...Buffer.from(long))), long)
    const latin1 = Buffer.alloc(200, 0xe9)
    assert.equal(decodeEtf(etf(100, 0, 200, ...latin1)), 'é'.repeat(200))
  })

  test('a UTF-8 atom with invalid UTF-8 is ETF_INVALID_UTF8', () => {
    assertDecodeError(etf(119, 2, 0xc3, 0x28), 'ETF_INVALID_UTF8', 1)
    assertDecodeError(etf(108, ...u32(1), 118, 0, 1, 0xff, 106), 'ETF_INVALID_UTF8', 6)
  })
})

describe('decodeEtf: binaries and byte lists', () => {
  test('BINARY is a UTF-8 string', () => {
    assert.equal(decodeEtf(etf(...binary(''))), '')
    assert.equal(decodeEtf(etf(...binary('hello'))), 'hello')
    assert.equal(decodeEtf(etf(...binary('héllo 👋 世界'))), 'héllo 👋 世界')
    const long = 'a long string with an emoji 🎉 '.repeat(40)
    assert.equal(decodeEtf(etf(...binary(long))), long)
  })

  test('a leading U+FEFF is kept, on the short and the long path', () => {
    assert.equal(decodeEtf(etf(...binary('\ufeffx'))), '\ufeffx')
    const long = `\ufeff${'y'.repeat(100)}`
    assert.equal(decodeEtf(etf(...binary(long))), long)
  })

  test('invalid UTF-8 in a binary is ETF_INVALID_UTF8 at the binary', () => {
    assertDecodeError(etf(109, ...u32(2), 0xc3, 0x28), 'ETF_INVALID_UTF8', 1)
    const long = [...Buffer.from('z'.repeat(100)), 0xed, 0xa0, 0x80] // an encoded surrogate
    assertDecodeError(etf(108, ...u32(1), 109, ...u32(long.length), ...long, 106), 'ETF_INVALID_UTF8', 6)
  })

  test('STRING_EXT is the list of its bytes, as erlpack reads it', () => {
    assert.deepEqual(decodeEtf(etf(107, 0, 3, 104, 105, 200)), [104, 105, 200])
    assert.deepEqual(decodeEtf(etf(107, 0, 0)), [])
  })
})

describe('decodeEtf: lists, tuples, maps', () => {
  test('LIST, NIL, and the tuples are arrays', () => {
    assert.deepEqual(decodeEtf(etf(106)), [])
    assert.deepEqual(decodeEtf(etf(108, ...u32(2), 97, 1, ...binary('a'), 106)), [1, 'a'])
    assert.deepEqual(decodeEtf(etf(108, ...u32(1), 108, ...u32(1), 106, 106, 106)), [[[]]])
    assert.deepEqual(decodeEtf(etf(104, 2, 97, 1, 119, 2, 0x6f, 0x6b)), [1, 'ok'])
    assert.deepEqual(decodeEtf(etf(104, 0)), [])
    assert.deepEqual(decodeEtf(etf(105, ...u32(2), 97, 1, 97, 2)), [1, 2])
  })

  test('an improper list is ETF_MALFORMED at its tail', () => {
    assertDecodeError(etf(108, ...u32(1), 97, 1, 97, 2), 'ETF_MALFORMED', 8)
    assertDecodeError(etf(108, ...u32(0), 97, 2), 'ETF_MALFORMED', 6)
    assertDecodeError(etf(108, ...u32(1), 97, 1), 'ETF_UNEXPECTED_END', 8)
  })

  test('MAP is a plain object with string keys', () => {
    const value = decodeEtf(etf(116, ...u32(2), ...binary('a'), 97, 1, ...binary('b'), 106))
    assert.deepEqual(value, { a: 1, b: [] })
    assert.equal(Object.getPrototypeOf(value), Object.prototype)
    assert.deepEqual(decodeEtf(etf(116, ...u32(0))), {})
  })

  test('keys: atoms by name, integers and floats as decimal text, long and non-ASCII binaries', () => {
    const longKey = 'k'.repeat(100)
    const value = decodeEtf(
      etf(
        116, ...u32(8),
        119, 3, 0x6e, 0x69, 0x6c, 97, 1, // nil => 1: the atom's name, not null
        100, 0, 4, 0x74, 0x72, 0x75, 0x65, 97, 2, // true => 2
        97, 7, 97, 3, // 7 => 3
        98, 0xff, 0xff, 0xff, 0xfb, 97, 4, // -5 => 4
        110, 8, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 97, 5, // 2^64-1 => 5
        70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 97, 6, // 1.5 => 6
        ...binary(longKey), 97, 7,
        ...binary('clé 🔑'), 97, 8,
      ),
    )
    assert.deepEqual(value, { nil: 1, true: 2, 7: 3, '-5': 4, '18446744073709551615': 5, '1.5': 6, [longKey]: 7, 'clé 🔑': 8 })
    // With `bigint`, a big key is still its decimal text.
    assert.deepEqual(decodeEtf(etf(116, ...u32(1), 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 97, 1), { bigint: true }), {
      '9223372036854775808': 1,
    })
  })

  test('a list, tuple or map as a key is ETF_MALFORMED at the key', () => {
    assertDecodeError(etf(116, ...u32(1), 104, 0, 97, 1), 'ETF_MALFORMED', 6)
    assertDecodeError(etf(116, ...u32(1), 106, 97, 1), 'ETF_MALFORMED', 6)
    assertDecodeError(etf(116, ...u32(1), 116, ...u32(0), 97, 1), 'ETF_MALFORMED', 6)
  })

  test('a `__proto__` key is an own property; the prototype stays Object.prototype', () => {
    const value = decodeEtf(etf(116, ...u32(1), ...binary('__proto__'), 116, ...u32(1), ...binary('polluted'), 119, 4, 0x74, 0x72, 0x75, 0x65))
    assert.equal(Object.getPrototypeOf(value), Object.prototype)
    assert.deepEqual(Object.keys(value as object), ['__proto__'])
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { polluted: true })
    assert.equal(({} as { polluted?: unknown }).polluted, undefined)
  })

  test('a key repeated across messages and within one decodes the same (key cache)', () => {
    const message = etf(116, ...u32(2), ...binary('guild_id'), 97, 1, ...binary('guild_ie'), 97, 2)
    for (let i = 0; i < 3; i++) assert.deepEqual(decodeEtf(message), { guild_id: 1, guild_ie: 2 })
    const nested = etf(108, ...u32(2), 116, ...u32(1), ...binary('id'), 97, 1, 116, ...u32(1), ...binary('id'), 97, 2, 106)
    assert.deepEqual(decodeEtf(nested), [{ id: 1 }, { id: 2 }])
  })
})

describe('decodeEtf: COMPRESSED', () => {
  const inner = Uint8Array.from([108, ...u32(3), 97, 1, 97, 2, ...binary('three'), 106])

  test('inflates to the declared size and decodes the term inside', () => {
    assert.deepEqual(decodeEtf(etf(80, ...u32(inner.length), ...deflateSync(inner))), [1, 2, 'three'])
  })

  test('a wrong declared size, corrupt data or an empty term is ETF_BAD_COMPRESSED', () => {
    const data = [...deflateSync(inner)]
    assertDecodeError(etf(80, ...u32(inner.length + 1), ...data), 'ETF_BAD_COMPRESSED', 1)
    assertDecodeError(etf(80, ...u32(inner.length - 1), ...data), 'ETF_BAD_COMPRESSED', 1)
    assertDecodeError(etf(80, ...u32(inner.length), 1, 2, 3, 4, 5), 'ETF_BAD_COMPRESSED', 1)
    assertDecodeError(etf(80, ...u32(0), ...deflateSync(new Uint8Array(0))), 'ETF_BAD_COMPRESSED', 1)
  })

  test('a bomb declaring more than maxBytes is ETF_TOO_LARGE before inflating', () => {
    const bomb = deflateSync(new Uint8Array(1 << 20))
    assertDecodeError(etf(80, ...u32(1 << 20), ...bomb), 'ETF_TOO_LARGE', 1, { maxBytes: 1000 })
    // Declaring less than the real output fails at the declared size instead of inflating it all.
    assertDecodeError(etf(80, ...u32(100), ...bomb), 'ETF_BAD_COMPRESSED', 1)
  })

  test('an error inside reports the COMPRESSED tag, with the inner error as cause', () => {
    const bad = Uint8Array.from([108, ...u32(1), 200, 106])
    assert.throws(
      () => decodeEtf(etf(80, ...u32(bad.length), ...deflateSync(bad))),
      (error: unknown) => {
        assert.ok(error instanceof DecodeError)
        assert.equal(error.code, 'ETF_UNKNOWN_TAG')
        assert.equal(error.offset, 1)
        assert.ok(error.cause instanceof DecodeError && error.cause.offset === 5)
        return true
      },
    )
    const trailing = Uint8Array.from([97, 1, 97, 2])
    assertDecodeError(etf(80, ...u32(trailing.length), ...deflateSync(trailing)), 'ETF_TRAILING_BYTES', 1)
  })

  test('counts as a level of nesting', () => {
    const nested = Uint8Array.from([108, ...u32(1), 106, 106])
    const bytes = etf(108, ...u32(1), 80, ...u32(nested.length), ...deflateSync(nested))
    // The compressed term runs to the end of the input, so the outer list's tail is missing.
    assertDecodeError(bytes, 'ETF_UNEXPECTED_END', bytes.length)
    const top = etf(80, ...u32(nested.length), ...deflateSync(nested))
    assert.deepEqual(decodeEtf(top, { maxDepth: 2 }), [[]])
    assertDecodeError(top, 'ETF_TOO_DEEP', 1, { maxDepth: 1 })
  })
})

describe('decodeEtf: malformed input', () => {
  test('ETF_BAD_VERSION when the first byte is not 131', () => {
    assertDecodeError(Uint8Array.from([130, 97, 1]), 'ETF_BAD_VERSION', 0)
    assertDecodeError(new TextEncoder().encode('{"op":1}'), 'ETF_BAD_VERSION', 0)
  })

  test('ETF_UNEXPECTED_END at the missing bytes, for every kind of truncation', () => {
    assertDecodeError(new Uint8Array(0), 'ETF_UNEXPECTED_END', 0)
    assertDecodeError(etf(), 'ETF_UNEXPECTED_END', 1)
    assertDecodeError(etf(97), 'ETF_UNEXPECTED_END', 2)
    assertDecodeError(etf(98, 0, 0, 1), 'ETF_UNEXPECTED_END', 2)
    assertDecodeError(etf(70, 0, 0, 0, 0, 0, 0, 0), 'ETF_UNEXPECTED_END', 2)
    assertDecodeError(etf(109, 0, 0, 0), 'ETF_UNEXPECTED_END', 2)
    assertDecodeError(etf(109, ...u32(5), 0x61, 0x62), 'ETF_UNEXPECTED_END', 6)
    assertDecodeError(etf(110, 8, 0, 1, 2, 3), 'ETF_UNEXPECTED_END', 3)
    assertDecodeError(etf(110, 2), 'ETF_UNEXPECTED_END', 3)
    assertDecodeError(etf(119, 4, 0x74, 0x72, 0x75), 'ETF_UNEXPECTED_END', 3)
    assertDecodeError(etf(116, ...u32(1), ...binary('a')), 'ETF_UNEXPECTED_END', 12)
    assertDecodeError(etf(116, ...u32(2), ...binary('a'), 97, 1, 109, 0, 0), 'ETF_UNEXPECTED_END', 15)
    assertDecodeError(etf(116, ...u32(1), ...binary('key'), 97), 'ETF_UNEXPECTED_END', 15)
    assertDecodeError(etf(107, 0, 9, 1, 2), 'ETF_UNEXPECTED_END', 4)
    assertDecodeError(etf(104, 3, 97, 1), 'ETF_UNEXPECTED_END', 3)
  })

  test('a length beyond the remaining input fails at once, allocating nothing', () => {
    // Lists, tuples and maps that claim 2^32 - 1 elements (each needs at least one byte).
    assertDecodeError(etf(108, 0xff, 0xff, 0xff, 0xff, 97, 1, 106), 'ETF_TOO_LARGE', 1)
    assertDecodeError(etf(108, 0x07, 0xff, 0xff, 0xff, 97, 1, 106), 'ETF_UNEXPECTED_END', 6)
    assertDecodeError(etf(105, 0x07, 0xff, 0xff, 0xff, 97, 1), 'ETF_UNEXPECTED_END', 6)
    assertDecodeError(etf(116, 0x07, 0xff, 0xff, 0xff, 97, 1, 97, 1), 'ETF_UNEXPECTED_END', 6)
    assertDecodeError(etf(109, 0x07, 0xff, 0xff, 0xff, 0x61), 'ETF_UNEXPECTED_END', 6)
    // A map needs two bytes per pair: 3 pairs cannot fit in 5 bytes.
    assertDecodeError(etf(116, ...u32(3), 97, 1, 97, 2, 97), 'ETF_UNEXPECTED_END', 6)
  })

  test('ETF_UNKNOWN_TAG for tags Discord never sends (PID, PORT, REFERENCE, FUN, BIT_BINARY...) and junk', () => {
    for (const tag of [0, 1, 77, 82, 88, 89, 90, 101, 102, 103, 112, 113, 117, 120, 255]) {
      assertDecodeError(etf(tag, 0, 0, 0, 0, 0, 0, 0, 0), 'ETF_UNKNOWN_TAG', 1)
    }
    assertDecodeError(etf(108, ...u32(2), 97, 1, 131, 106), 'ETF_UNKNOWN_TAG', 8)
  })

  test('ETF_TRAILING_BYTES after the top-level term, at the first extra byte', () => {
    assertDecodeError(etf(97, 1, 97, 2), 'ETF_TRAILING_BYTES', 3)
    assertDecodeError(etf(106, 0), 'ETF_TRAILING_BYTES', 2)
  })

  test('ETF_TOO_DEEP beyond maxDepth, at the container that goes too deep', () => {
    const nestedLists = (depth: number) => etf(...new Array<number[]>(depth).fill([108, 0, 0, 0, 1]).flat(), 106, ...new Array<number>(depth).fill(106))
    assert.deepEqual(decodeEtf(nestedLists(2), { maxDepth: 2 }), [[[]]])
    assertDecodeError(nestedLists(3), 'ETF_TOO_DEEP', 11, { maxDepth: 2 })
    // The default (256) allows 256 levels and refuses 257.
    assert.doesNotThrow(() => decodeEtf(nestedLists(256)))
    assertDecodeError(nestedLists(257), 'ETF_TOO_DEEP', 1 + 256 * 5)
    const nestedMaps = etf(116, ...u32(1), ...binary('a'), 116, ...u32(1), ...binary('b'), 104, 1, 97, 1)
    assertDecodeError(nestedMaps, 'ETF_TOO_DEEP', 12, { maxDepth: 1 })
    assertDecodeError(nestedMaps, 'ETF_TOO_DEEP', 23, { maxDepth: 2 })
    // The deepest allowed setting does not exhaust the main thread's stack, even unoptimized.
    assert.equal((decodeEtf(nestedLists(1024), { maxDepth: 1024 }) as unknown[]).length, 1)
    assertDecodeError(nestedLists(1025), 'ETF_TOO_DEEP', 1 + 1024 * 5, { maxDepth: 1024 })
  })

  test('ETF_TOO_DEEP, not a RangeError, when the stack runs out before maxDepth', () => {
    // A child process with a 150 KB stack: room for the default maxDepth, not for 1024 levels.
    const script = `
      import { DecodeError, decodeEtf } from '@shardwire/core'
      const nested = (depth) => Uint8Array.from([131, ...new Array(depth).fill([108, 0, 0, 0, 1]).flat(), 106, ...new Array(depth).fill(106)])
      decodeEtf(nested(256))
      try {
        decodeEtf(nested(1024), { maxDepth: 1024 })
        console.log(JSON.stringify({ decoded: true }))
      } catch (error) {
        console.log(JSON.stringify({ decodeError: error instanceof DecodeError, code: error.code, cause: error.cause?.constructor.name }))
      }`
    const output = execFileSync(
      process.execPath,
      ['--stack-size=150', '--conditions=shardwire-source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' },
    )
    assert.deepEqual(JSON.parse(output), { decodeError: true, code: 'ETF_TOO_DEEP', cause: 'RangeError' })
  })

  test('ETF_TOO_LARGE for a declared size beyond maxBytes, and for huge integers', () => {
    assertDecodeError(etf(109, ...u32(11), ...Buffer.from('hello world')), 'ETF_TOO_LARGE', 1, { maxBytes: 10 })
    assert.equal(decodeEtf(etf(109, ...u32(10), ...Buffer.from('hello worl')), { maxBytes: 10 }), 'hello worl')
    assertDecodeError(etf(108, ...u32(11), ...new Array<number>(11).fill(106), 106), 'ETF_TOO_LARGE', 1, { maxBytes: 10 })
    assertDecodeError(etf(116, ...u32(11)), 'ETF_TOO_LARGE', 1, { maxBytes: 10 })
    // Short map keys take the key cache path, which applies the limit too.
    assertDecodeError(etf(116, ...u32(1), ...binary('k'.repeat(11)), 97, 1), 'ETF_TOO_LARGE', 6, { maxBytes: 10 })
    assert.deepEqual(decodeEtf(etf(116, ...u32(1), ...binary('k'.repeat(10)), 97, 1), { maxBytes: 10 }), { kkkkkkkkkk: 1 })
    assertDecodeError(etf(105, ...u32(11)), 'ETF_TOO_LARGE', 1, { maxBytes: 10 })
    assertDecodeError(etf(107, 0, 11), 'ETF_TOO_LARGE', 1, { maxBytes: 10 })
    // Bigs are capped at 1024 bytes whatever maxBytes says: BigInt work grows faster than linearly.
    assertDecodeError(etf(111, ...u32(1025), 0, ...new Array<number>(1025).fill(1)), 'ETF_TOO_LARGE', 1)
    assert.equal(typeof decodeEtf(etf(111, ...u32(1024), 0, ...new Array<number>(1024).fill(1))), 'string')
    // The default limit (128 MiB) rejects a binary declaring 2^32 - 1 bytes before anything else.
    assertDecodeError(etf(109, 0xff, 0xff, 0xff, 0xff), 'ETF_TOO_LARGE', 1)
  })

  test('a decoder keeps working after an error', () => {
    assert.throws(() => decodeEtf(etf(116, ...u32(1), ...binary('x'), 200)), { code: 'ETF_UNKNOWN_TAG' })
    assert.deepEqual(decodeEtf(etf(116, ...u32(1), ...binary('x'), 97, 1)), { x: 1 })
  })

  test('a subarray of a larger buffer decodes only its own bytes', () => {
    const backing = hex('ff ff 83 6d 00 00 00 02 68 69 ff ff')
    assert.equal(decodeEtf(backing.subarray(2, 10)), 'hi')
    assert.equal(decodeEtf(Buffer.from(backing.buffer, 2, 8)), 'hi')
  })
})

describe('decodeEtf: options', () => {
  test('invalid options are InvalidOptionError naming the option', () => {
    const cases: [unknown, string][] = [
      [{ bigint: 'yes' }, 'bigint'],
      [{ maxDepth: 0 }, 'maxDepth'],
      [{ maxDepth: 1.5 }, 'maxDepth'],
      [{ maxDepth: 1025 }, 'maxDepth'],
      [{ maxDepth: '10' }, 'maxDepth'],
      [{ maxBytes: 0 }, 'maxBytes'],
      [{ maxBytes: Number.POSITIVE_INFINITY }, 'maxBytes'],
      [{ maxBytes: 2 ** 40 }, 'maxBytes'],
      [null, 'options'],
      ['fast', 'options'],
    ]
    for (const [options, name] of cases) {
      assert.throws(
        () => decodeEtf(etf(97, 1), options as Parameters<typeof decodeEtf>[1]),
        (error: unknown) => error instanceof InvalidOptionError && error.code === 'INVALID_OPTION' && error.option === name,
        `${JSON.stringify(options)} should be refused as ${name}`,
      )
    }
  })

  test('undefined option values take the defaults', () => {
    assert.equal(decodeEtf(etf(97, 1), { bigint: undefined, maxDepth: undefined, maxBytes: undefined }), 1)
    assert.equal(decodeEtf(etf(97, 1), {}), 1)
  })
})
