import { DecodeError } from '../../errors.js'
import { etfTags } from './etf-tags.js'

const INITIAL_CAPACITY = 4096
// A buffer that grew past this for one large value is dropped afterwards rather than kept.
const RETAINED_CAPACITY = 1024 * 1024
/** Nesting beyond this is refused: it matches the decoder's default `maxDepth` (and erlpack's limit). */
const MAX_ENCODE_DEPTH = 256
// Below this many UTF-16 units, strings are written by a JavaScript loop; above, by encodeInto.
const SHORT_STRING_UNITS = 64
const TWO_32 = 0x1_0000_0000

const textEncoder = new TextEncoder()

/**
 * Writes JavaScript values as one ETF message, in the forms the gateway reads: strings and all
 * map keys as BINARY (never atoms), integers as SMALL_INTEGER, INTEGER or SMALL_BIG, other
 * numbers as NEW_FLOAT, booleans as `true`/`false` atoms, `null`/`undefined` as `nil`, arrays
 * as LIST (`[]` as NIL), plain objects as MAP (skipping `undefined` values, as JSON does), and
 * BigInts as integers. An object with a `toJSON` method is written as that method's result,
 * as `JSON.stringify` would. Anything else fails with `ETF_UNENCODABLE`.
 *
 * Numbers that are integers but not safe integers (beyond 2^53) are written as floats: as
 * integers they would read back as decimal strings. Write BigInts for exact large integers.
 */
export class EtfEncoder {
  #buffer = new Uint8Array(INITIAL_CAPACITY)
  #view = new DataView(this.#buffer.buffer)
  #offset = 0
  // The arrays and objects being written, outermost first: a value found here is a cycle.
  readonly #ancestors: object[] = []
  #busy = false

  /**
   * Encodes one value as a whole message (the version byte 131, then the term).
   * @returns a new array owned by the caller
   * @throws DecodeError `ETF_UNENCODABLE` for a value ETF cannot carry
   */
  encode(value: unknown): Uint8Array {
    // A toJSON method may itself call encode: give that call its own encoder and buffer.
    if (this.#busy) return new EtfEncoder().encode(value)
    this.#busy = true
    this.#offset = 0
    this.#ancestors.length = 0
    try {
      this.#byte(etfTags.VERSION)
      this.#writeTerm(value)
      return this.#buffer.slice(0, this.#offset)
    } finally {
      this.#busy = false
      if (this.#buffer.length > RETAINED_CAPACITY) this.#allocate(INITIAL_CAPACITY)
    }
  }

  #allocate(capacity: number): void {
    this.#buffer = new Uint8Array(capacity)
    this.#view = new DataView(this.#buffer.buffer)
  }

  /** Makes room for `count` more bytes, doubling the buffer as needed. */
  #ensure(count: number): void {
    const needed = this.#offset + count
    if (needed <= this.#buffer.length) return
    const old = this.#buffer
    this.#allocate(Math.max(needed, old.length * 2))
    this.#buffer.set(old.subarray(0, this.#offset))
  }

  #byte(value: number): void {
    this.#ensure(1)
    this.#buffer[this.#offset++] = value
  }

  /** @param viaToJSON - whether `value` came from a `toJSON` call, whose result is not converted again */
  #writeTerm(value: unknown, viaToJSON = false): void {
    switch (typeof value) {
      case 'string':
        return this.#writeString(value)
      case 'number':
        return this.#writeNumber(value)
      case 'boolean':
        return value ? this.#writeAtom('true') : this.#writeAtom('false')
      case 'undefined':
        return this.#writeAtom('nil')
      case 'bigint':
        return this.#writeBigInt(value)
      case 'object':
        if (value === null) return this.#writeAtom('nil')
        if (Array.isArray(value)) return this.#writeList(value)
        if (!viaToJSON && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
          return this.#writeTerm((value as { toJSON(): unknown }).toJSON(), true)
        }
        if (isPlainObject(value)) return this.#writeMap(value)
        throw unencodable(`an instance of ${value.constructor?.name ?? 'a class'} (only plain objects become maps)`)
      default:
        throw unencodable(`a ${typeof value}`)
    }
  }

  /** An ASCII atom, as SMALL_ATOM: the form erlpack writes, so the gateway surely reads it. */
  #writeAtom(name: 'true' | 'false' | 'nil'): void {
    this.#ensure(2 + name.length)
    const buffer = this.#buffer
    buffer[this.#offset++] = etfTags.SMALL_ATOM
    buffer[this.#offset++] = name.length
    for (let i = 0; i < name.length; i++) buffer[this.#offset++] = name.charCodeAt(i)
  }

  #writeString(value: string): void {
    const length = value.length
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    this.#ensure(5 + length * 3)
    const buffer = this.#buffer
    const start = this.#offset + 5
    let end = start
    if (length <= SHORT_STRING_UNITS) {
      for (let i = 0; i < length; i++) {
        const unit = value.charCodeAt(i)
        if (unit >= 0x80) {
          end = -1
          break
        }
        buffer[end++] = unit
      }
    } else {
      end = -1
    }
    if (end === -1) end = start + textEncoder.encodeInto(value, buffer.subarray(start)).written
    buffer[this.#offset] = etfTags.BINARY
    this.#view.setUint32(this.#offset + 1, end - start)
    this.#offset = end
  }

  #writeNumber(value: number): void {
    if (Number.isSafeInteger(value)) {
      if (value >= 0 && value <= 0xff) {
        this.#ensure(2)
        this.#buffer[this.#offset] = etfTags.SMALL_INTEGER
        this.#buffer[this.#offset + 1] = value
        this.#offset += 2
      } else if (value >= -0x8000_0000 && value <= 0x7fff_ffff) {
        this.#ensure(5)
        this.#buffer[this.#offset] = etfTags.INTEGER
        this.#view.setInt32(this.#offset + 1, value)
        this.#offset += 5
      } else {
        this.#writeSmallBig(value < 0, Math.abs(value))
      }
    } else if (Number.isFinite(value)) {
      this.#ensure(9)
      this.#buffer[this.#offset] = etfTags.NEW_FLOAT
      this.#view.setFloat64(this.#offset + 1, value)
      this.#offset += 9
    } else {
      throw unencodable(`the number ${value} (ETF has no NaN or Infinity)`)
    }
  }

  /** SMALL_BIG of a magnitude below 2^53: its little-endian bytes, without leading zeros. */
  #writeSmallBig(negative: boolean, magnitude: number): void {
    this.#ensure(3 + 7)
    const buffer = this.#buffer
    const at = this.#offset
    let low = magnitude % TWO_32
    let high = (magnitude - low) / TWO_32
    let digits = 0
    while (low > 0 || high > 0) {
      buffer[at + 3 + digits++] = low & 0xff
      // Shift the 53-bit value right by 8 across the two halves.
      low = (low >>> 8) + (high & 0xff) * 0x100_0000
      high = high >>> 8
    }
    buffer[at] = etfTags.SMALL_BIG
    buffer[at + 1] = digits
    buffer[at + 2] = negative ? 1 : 0
    this.#offset = at + 3 + digits
  }

  #writeBigInt(value: bigint): void {
    if (value >= -0x8000_0000n && value <= 0x7fff_ffffn) return this.#writeNumber(Number(value))
    const negative = value < 0n
    let hex = (negative ? -value : value).toString(16)
    if (hex.length % 2 === 1) hex = `0${hex}`
    const digits = hex.length / 2
    const small = digits <= 0xff
    this.#ensure(6 + digits)
    const buffer = this.#buffer
    let at = this.#offset
    if (small) {
      buffer[at++] = etfTags.SMALL_BIG
      buffer[at++] = digits
    } else {
      buffer[at++] = etfTags.LARGE_BIG
      this.#view.setUint32(at, digits)
      at += 4
    }
    buffer[at++] = negative ? 1 : 0
    // Little-endian: the last pair of hex digits is the first byte.
    for (let i = 0; i < digits; i++) buffer[at + i] = Number.parseInt(hex.slice(hex.length - 2 * i - 2, hex.length - 2 * i), 16)
    this.#offset = at + digits
  }

  #enter(value: object): void {
    if (this.#ancestors.length >= MAX_ENCODE_DEPTH) throw unencodable(`a value nested deeper than ${MAX_ENCODE_DEPTH}`)
    if (this.#ancestors.includes(value)) throw unencodable('a cyclic structure')
    this.#ancestors.push(value)
  }

  #writeList(values: readonly unknown[]): void {
    if (values.length === 0) return this.#byte(etfTags.NIL)
    this.#enter(values)
    this.#ensure(5)
    this.#buffer[this.#offset] = etfTags.LIST
    this.#view.setUint32(this.#offset + 1, values.length)
    this.#offset += 5
    for (let i = 0; i < values.length; i++) this.#writeTerm(values[i])
    this.#byte(etfTags.NIL)
    this.#ancestors.pop()
  }

  #writeMap(object: Record<string, unknown>): void {
    this.#enter(object)
    this.#ensure(5)
    const header = this.#offset
    this.#buffer[header] = etfTags.MAP
    this.#offset += 5
    let count = 0
    const keys = Object.keys(object)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      const value = object[key]
      if (value === undefined) continue
      this.#writeString(key)
      this.#writeTerm(value)
      count++
    }
    // The pair count is known only now: undefined values were skipped.
    this.#view.setUint32(header + 1, count)
    this.#ancestors.pop()
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

function unencodable(what: string): DecodeError {
  return new DecodeError('ETF_UNENCODABLE', `Cannot encode ${what} as ETF`, 0)
}

/** The encoder behind {@link encodeEtf}: one is enough, since encoding is synchronous. */
let sharedEncoder: EtfEncoder | undefined

/**
 * Encodes a value (a gateway payload) as one ETF message. See the internal `EtfEncoder` class for the
 * forms written.
 * @throws DecodeError `ETF_UNENCODABLE` for a function, a symbol, NaN or Infinity, a cycle, a
 * non-plain object without `toJSON`, or nesting deeper than 256
 */
export function encodeEtf(value: unknown): Uint8Array {
  return (sharedEncoder ??= new EtfEncoder()).encode(value)
}
