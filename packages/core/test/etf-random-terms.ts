// Seeded generators of gateway-like values for the ETF tests, and the helpers that say what a
// value should look like after a trip through ETF. Not a test file itself.

/** A seeded PRNG (mulberry32): the same seed gives the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Helpers over one seeded PRNG. */
export class Rng {
  readonly next: () => number

  constructor(seed: number) {
    this.next = seededRandom(seed)
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** A uniformly random unsigned 32-bit integer. */
  uint32(): number {
    return this.int(0x1_0000) * 0x1_0000 + this.int(0x1_0000)
  }

  /** A uniformly random unsigned 64-bit BigInt. */
  uint64(): bigint {
    return (BigInt(this.uint32()) << 32n) | BigInt(this.uint32())
  }
}

// Code points by kind: ASCII, Latin-1, other BMP (accents, CJK, symbols), astral (emoji, rare CJK).
const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,:;!?@#/\\"\'{}[]\n\t'
const LATIN1 = ['é', 'ü', 'ß', 'ñ', 'ø', '\u00a0', '\u00ff', '\u0080']
const BMP = ['Ω', 'я', 'ع', '中', '文', '日', '本', '€', '\u2028', '\uffff', '\u0800', '\ufeff', 'ー', '한']
const ASTRAL = ['😀', '🎉', '👩‍💻', '🏳️‍🌈', '𝄞', '𠜎', '🀄', '\u{10ffff}', '\u{10000}', '🇫🇷']

/** A random string of about `units` UTF-16 units mixing every UTF-8 length; never a lone surrogate. */
export function randomString(rng: Rng, units: number, mix = rng.pick(['ascii', 'latin1', 'bmp', 'astral', 'mixed'] as const)): string {
  let text = ''
  while (text.length < units) {
    const kind = mix === 'mixed' ? rng.pick(['ascii', 'ascii', 'latin1', 'bmp', 'astral'] as const) : rng.chance(0.8) ? mix : 'ascii'
    if (kind === 'ascii') text += ASCII[rng.int(ASCII.length)]
    else if (kind === 'latin1') text += rng.pick(LATIN1)
    else if (kind === 'bmp') text += rng.pick(BMP)
    else text += rng.pick(ASTRAL)
  }
  return text
}

/** A string of a length typical of the gateway: mostly short, sometimes around the fast-path threshold, rarely long. */
export function randomGatewayString(rng: Rng): string {
  const r = rng.next()
  const units = r < 0.6 ? rng.int(20) : r < 0.9 ? 20 + rng.int(60) : 80 + rng.int(600)
  return randomString(rng, units)
}

/** Integers of every ETF size class, as numbers. */
export function randomInteger(rng: Rng): number {
  switch (rng.int(7)) {
    case 0:
      return rng.int(256) // SMALL_INTEGER
    case 1:
      return rng.uint32() - 0x8000_0000 // INTEGER
    case 2:
      return 0x8000_0000 + rng.int(0x8000_0000) // above int32, within uint32
    case 3:
      return -(0x8000_0001 + rng.int(0x7fff_ffff)) // below int32, within 32-bit magnitude
    case 4:
      return rng.int(0x20_0000) * 0x1_0000_0000 + rng.uint32() // up to 2^53
    case 5:
      return -(rng.int(0x20_0000) * 0x1_0000_0000 + rng.uint32())
    default:
      return rng.pick([0, 1, 255, 256, -1, 0x7fff_ffff, -0x8000_0000, 0xffff_ffff, 2 ** 32, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])
  }
}

/** Finite non-integer doubles, plus a few integral doubles beyond 2^53 (which ETF writes as floats). */
export function randomFloat(rng: Rng): number {
  switch (rng.int(4)) {
    case 0:
      return (rng.next() - 0.5) * 1e6
    case 1:
      return rng.next() * 10 ** (rng.int(600) - 300)
    case 2:
      return rng.pick([0.1, -2.5, 1e-300, 5e-324, Number.MAX_VALUE, -1e21, 2 ** 60, 1.7976931348623157e308])
    default:
      return rng.int(1000) + 0.5
  }
}

/**
 * Big integers beyond 2^53 (snowflakes and larger), as BigInts, either sign.
 * @param huge - also integers of more than 64 bits (which erlpack cannot read)
 */
export function randomBigInt(rng: Rng, huge = true): bigint {
  switch (rng.int(huge ? 4 : 3)) {
    case 0:
      return (BigInt(rng.int(2 ** 21 - 1) + 1) << 32n) + BigInt(rng.uint32()) + (1n << 53n) // 2^53.. a few times that
    case 1: {
      const magnitude = rng.uint64() | (1n << 63n) // 64-bit
      return rng.chance(0.3) ? -magnitude : magnitude
    }
    case 2: {
      // a snowflake: milliseconds since the Discord epoch << 22, plus worker/process/increment
      const ms = BigInt(300_000_000_000 + rng.int(100_000_000_000))
      return (ms << 22n) | BigInt(rng.int(1 << 22))
    }
    default:
      return -((rng.uint64() << BigInt(rng.int(200))) + (1n << 53n))
  }
}

/** Options of {@link randomValue}. */
export interface RandomValueOptions {
  /** Include BigInts beyond 2^53 (erlpack.pack cannot write them): up to 64 bits, or also larger. */
  bigints?: 'int64' | 'huge'
  /** Include `undefined` object values (ETF, like JSON, skips them). */
  undefinedValues?: boolean
  /** Include integer-like object keys, such as "42". */
  integerKeys?: boolean
}

/** A random JSON-like value: nested maps and lists, every integer size, floats, strings, booleans, null. */
export function randomValue(rng: Rng, options: RandomValueOptions = {}, depth = 0): unknown {
  const leafOnly = depth >= 5
  const r = rng.int(leafOnly ? 8 : 11)
  switch (r) {
    case 0:
    case 1:
      return randomGatewayString(rng)
    case 2:
    case 3:
      return randomInteger(rng)
    case 4:
      return randomFloat(rng)
    case 5:
      return rng.chance(0.5)
    case 6:
      return null
    case 7:
      return options.bigints ? randomBigInt(rng, options.bigints === 'huge') : randomInteger(rng)
    case 8:
    case 9: {
      const object: Record<string, unknown> = {}
      const count = rng.int(7)
      for (let i = 0; i < count; i++) {
        const key = options.integerKeys && rng.chance(0.15) ? String(rng.int(100_000)) : randomKey(rng)
        object[key] = options.undefinedValues && rng.chance(0.1) ? undefined : randomValue(rng, options, depth + 1)
      }
      return object
    }
    default:
      return Array.from({ length: rng.int(6) }, () => randomValue(rng, options, depth + 1))
  }
}

const KEYS = ['id', 'guild_id', 'channel_id', 'type', 'content', 'author', 'member', 'roles', 'user', 'flags', 'd', 't', 's', 'op']

function randomKey(rng: Rng): string {
  const key = rng.chance(0.6) ? rng.pick(KEYS) : randomString(rng, rng.int(12))
  // `__proto__` is its own test: erlpack would set the prototype instead of a key.
  return key === '__proto__' ? 'proto' : key
}

/**
 * What `decodeEtf(encodeEtf(value), { bigint })` gives back: `undefined` object values dropped,
 * `undefined` array elements as null, BigInts within 2^53 as numbers and beyond it as BigInts
 * (`bigint: true`) or decimal strings.
 */
export function afterRoundTrip(value: unknown, bigint: boolean): unknown {
  if (typeof value === 'bigint') {
    if (value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value)
    return bigint ? value : value.toString()
  }
  if (value === undefined) return null
  if (Array.isArray(value)) return value.map((element) => afterRoundTrip(element, bigint))
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {}
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined) result[key] = afterRoundTrip(element, bigint)
    }
    return result
  }
  return value
}

/**
 * What Discord's `erlpack.unpack` makes of our encoding of `value`: as {@link afterRoundTrip},
 * except that erlpack reads any integer whose magnitude needs more than 32 bits (and negative
 * ones from 2^31) as a decimal string.
 */
export function asErlpackReads(value: unknown): unknown {
  const integer = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null
  if (integer !== null) {
    const fits = integer >= 0n ? integer < 2n ** 32n : integer >= -(2n ** 31n)
    return fits ? Number(integer) : integer.toString()
  }
  if (value === undefined) return null
  if (Array.isArray(value)) return value.map(asErlpackReads)
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {}
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined) result[key] = asErlpackReads(element)
    }
    return result
  }
  return value
}

/** Hex text to bytes (whitespace ignored). */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'))
}
