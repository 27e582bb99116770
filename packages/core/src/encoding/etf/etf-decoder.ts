import { DecodeError } from '../../errors.js'
import { decodeBigInteger, MAX_BIG_INTEGER_BYTES } from './decode-big-integer.js'
import { decodeLatin1, decodeUtf8 } from './decode-utf8.js'
import { type EtfDecodeOptions, type ResolvedEtfDecodeOptions, resolveEtfDecodeOptions } from './etf-decode-options.js'
import { etfTags } from './etf-tags.js'
import { inflateTerm } from './inflate-term.js'
import { KEY_CACHE_MAX_BYTES, KeyCache } from './key-cache.js'
import { parseFloatText } from './parse-float-text.js'

const EMPTY = new Uint8Array(0)
// Shared by every decoder on this thread: the keys of gateway events are the same everywhere.
const keyCache = new KeyCache()

/**
 * Reads ETF messages into plain JavaScript values, one message per {@link EtfDecoder.decode}
 * call. It keeps no reference to a message after decoding it.
 *
 * The shapes produced: maps become plain objects (keys: binaries and atoms as their text,
 * integers and floats as their decimal text); lists, tuples and byte lists (STRING_EXT, as
 * Discord's `erlpack` does) become arrays; binaries become UTF-8 strings; the atoms `true` and
 * `false` become booleans, `nil` and `null` become `null`, other atoms their names.
 * A list whose tail is not `[]` (an improper list) has no such shape and is rejected.
 *
 * Every error is a `DecodeError` whose offset is the position of the offending term's tag, or
 * for truncated input the position where the missing bytes should start. An error inside a
 * compressed term reports the compressed term's tag and carries the inner error as `cause`.
 */
export class EtfDecoder {
  readonly #bigint: boolean
  readonly #maxDepth: number
  readonly #maxBytes: number
  // Keys up to this length take the cache path, which must not skip the maxBytes check.
  readonly #cachedKeyMaxBytes: number
  #bytes: Uint8Array = EMPTY
  #end = 0
  #offset = 0
  #depth = 0

  /** @throws InvalidOptionError on a bad option */
  constructor(options?: EtfDecodeOptions) {
    const resolved: ResolvedEtfDecodeOptions = resolveEtfDecodeOptions(options)
    this.#bigint = resolved.bigint
    this.#maxDepth = resolved.maxDepth
    this.#maxBytes = resolved.maxBytes
    this.#cachedKeyMaxBytes = Math.min(KEY_CACHE_MAX_BYTES, resolved.maxBytes)
  }

  /**
   * Decodes one whole message: the version byte 131, then exactly one term.
   * @throws DecodeError on malformed input
   */
  decode(bytes: Uint8Array): unknown {
    if (bytes.length === 0) throw new DecodeError('ETF_UNEXPECTED_END', 'ETF message is empty', 0)
    if (bytes[0] !== etfTags.VERSION) {
      throw new DecodeError('ETF_BAD_VERSION', `ETF message starts with ${bytes[0]}, not the version byte 131`, 0)
    }
    this.#bytes = bytes
    this.#end = bytes.length
    this.#offset = 1
    this.#depth = 0
    try {
      const value = this.#readTerm()
      if (this.#offset !== this.#end) {
        throw new DecodeError('ETF_TRAILING_BYTES', `${this.#end - this.#offset} bytes follow the ETF term`, this.#offset)
      }
      return value
    } catch (error) {
      // Stack exhaustion before maxDepth: the caller's stack was already deep, or a worker runs
      // with a small stack. Nothing else in decoding throws a RangeError.
      if (error instanceof RangeError) {
        throw new DecodeError('ETF_TOO_DEEP', 'ETF terms nest deeper than the stack allows', this.#offset, { cause: error })
      }
      throw error
    } finally {
      this.#bytes = EMPTY
    }
  }

  #readTerm(): unknown {
    const bytes = this.#bytes
    const at = this.#offset
    const tag = bytes[at]
    this.#offset = at + 1
    switch (tag) {
      case etfTags.BINARY:
        return this.#readUtf8(at, this.#readLength(at, 4, 1))
      case etfTags.SMALL_INTEGER:
        this.#need(1)
        return bytes[this.#offset++]
      case etfTags.MAP:
        return this.#readMap(at)
      case etfTags.SMALL_ATOM_UTF8:
      case etfTags.SMALL_ATOM:
      case etfTags.ATOM_UTF8:
      case etfTags.ATOM:
        return this.#readAtom(at, tag)
      case etfTags.LIST:
        return this.#readList(at)
      case etfTags.NIL:
        return []
      case etfTags.INTEGER: {
        this.#need(4)
        const offset = this.#offset
        this.#offset = offset + 4
        return (bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!
      }
      case etfTags.SMALL_BIG:
        return this.#readBig(at, this.#readLength(at, 1, 1))
      case etfTags.LARGE_BIG:
        return this.#readBig(at, this.#readLength(at, 4, 1))
      case etfTags.NEW_FLOAT: {
        this.#need(8)
        const offset = this.#offset
        this.#offset = offset + 8
        return new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getFloat64(0)
      }
      case etfTags.STRING: {
        // Erlang writes any list of integers 0..255 this way; like erlpack, decode it as that list.
        const length = this.#readLength(at, 2, 1)
        const offset = this.#offset
        this.#offset = offset + length
        return Array.from(bytes.subarray(offset, offset + length))
      }
      case etfTags.SMALL_TUPLE:
        return this.#readElements(at, this.#readLength(at, 1, 1))
      case etfTags.LARGE_TUPLE:
        return this.#readElements(at, this.#readLength(at, 4, 1))
      case etfTags.FLOAT:
        return this.#readFloatText(at)
      case etfTags.COMPRESSED:
        return this.#readCompressed(at)
      default:
        if (at >= this.#end) throw this.#unexpectedEnd(at)
        throw new DecodeError('ETF_UNKNOWN_TAG', `Unknown or unsupported ETF tag ${tag}`, at)
    }
  }

  /** Throws ETF_UNEXPECTED_END unless `count` more bytes are available. */
  #need(count: number): void {
    if (this.#offset + count > this.#end) throw this.#unexpectedEnd(this.#offset)
  }

  #unexpectedEnd(at: number): DecodeError {
    return new DecodeError('ETF_UNEXPECTED_END', `ETF input ends after ${this.#end} bytes, inside a term`, at)
  }

  /**
   * Reads a `size`-byte big-endian length and checks it against `maxBytes`, then against the
   * input left: each unit counted needs at least `bytesPerUnit` bytes, so a length beyond the
   * remaining input fails before anything is allocated for it.
   */
  #readLength(at: number, size: 1 | 2 | 4, bytesPerUnit: number): number {
    this.#need(size)
    const bytes = this.#bytes
    const offset = this.#offset
    let length = bytes[offset]!
    for (let i = 1; i < size; i++) length = length * 256 + bytes[offset + i]!
    this.#offset = offset + size
    if (length > this.#maxBytes) {
      throw new DecodeError('ETF_TOO_LARGE', `ETF term declares a size of ${length}, above maxBytes ${this.#maxBytes}`, at)
    }
    this.#need(length * bytesPerUnit)
    return length
  }

  #readUtf8(at: number, length: number): string {
    const start = this.#offset
    this.#offset = start + length
    const text = decodeUtf8(this.#bytes, start, start + length)
    if (text === null) throw new DecodeError('ETF_INVALID_UTF8', 'ETF binary or atom is not valid UTF-8', at)
    return text
  }

  #enter(at: number): void {
    if (++this.#depth > this.#maxDepth) {
      throw new DecodeError('ETF_TOO_DEEP', `ETF terms nest deeper than maxDepth ${this.#maxDepth}`, at)
    }
  }

  #readMap(at: number): Record<string, unknown> {
    const count = this.#readLength(at, 4, 2)
    this.#enter(at)
    const object: Record<string, unknown> = {}
    for (let i = 0; i < count; i++) {
      const key = this.#readKey()
      const value = this.#readTerm()
      if (key === '__proto__') {
        // Assignment would replace the prototype; like JSON.parse, make an own property.
        Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
      } else {
        object[key] = value
      }
    }
    this.#depth--
    return object
  }

  #readKey(): string {
    const bytes = this.#bytes
    const at = this.#offset
    const tag = bytes[at]
    if (tag === etfTags.BINARY && at + 5 <= this.#end) {
      const length = bytes[at + 1]! * 0x100_0000 + ((bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!)
      const start = at + 5
      if (length <= this.#cachedKeyMaxBytes && start + length <= this.#end) {
        this.#offset = start + length
        const key = keyCache.get(bytes, start, start + length)
        if (key === null) throw new DecodeError('ETF_INVALID_UTF8', 'ETF map key is not valid UTF-8', at)
        return key
      }
    }
    if (tag === etfTags.SMALL_ATOM_UTF8 || tag === etfTags.SMALL_ATOM || tag === etfTags.ATOM_UTF8 || tag === etfTags.ATOM) {
      // An atom key is its name: `nil` stays "nil" rather than becoming null.
      this.#offset = at + 1
      return this.#readAtomText(at, tag, this.#readAtomLength(at, tag))
    }
    const key = this.#readTerm()
    switch (typeof key) {
      case 'string':
        return key
      case 'number':
      case 'bigint':
        return String(key)
      default:
        throw new DecodeError('ETF_MALFORMED', 'ETF map key is a list, tuple or map, which has no string form', at)
    }
  }

  #readAtom(at: number, tag: number): string | boolean | null {
    const length = this.#readAtomLength(at, tag)
    const bytes = this.#bytes
    const start = this.#offset
    // The atoms of every event, recognised from their bytes (ASCII, the same in both encodings).
    if (length === 4 && bytes[start] === 0x74 && bytes[start + 1] === 0x72 && bytes[start + 2] === 0x75 && bytes[start + 3] === 0x65) {
      this.#offset = start + 4
      return true
    }
    if (length === 3 && bytes[start] === 0x6e && bytes[start + 1] === 0x69 && bytes[start + 2] === 0x6c) {
      this.#offset = start + 3
      return null
    }
    const text = this.#readAtomText(at, tag, length)
    return text === 'false' ? false : text === 'null' ? null : text
  }

  #readAtomLength(at: number, tag: number): number {
    return this.#readLength(at, tag === etfTags.SMALL_ATOM_UTF8 || tag === etfTags.SMALL_ATOM ? 1 : 2, 1)
  }

  #readAtomText(at: number, tag: number, length: number): string {
    if (tag === etfTags.SMALL_ATOM_UTF8 || tag === etfTags.ATOM_UTF8) return this.#readUtf8(at, length)
    const start = this.#offset
    this.#offset = start + length
    return decodeLatin1(this.#bytes, start, start + length)
  }

  #readList(at: number): unknown[] {
    const elements = this.#readElements(at, this.#readLength(at, 4, 1))
    const tailAt = this.#offset
    if (this.#bytes[tailAt] !== etfTags.NIL) {
      if (tailAt >= this.#end) throw this.#unexpectedEnd(tailAt)
      throw new DecodeError('ETF_MALFORMED', 'ETF list has a tail other than [] (an improper list)', tailAt)
    }
    this.#offset = tailAt + 1
    return elements
  }

  #readElements(at: number, count: number): unknown[] {
    this.#enter(at)
    const elements: unknown[] = []
    for (let i = 0; i < count; i++) elements.push(this.#readTerm())
    this.#depth--
    return elements
  }

  #readBig(at: number, digits: number): number | string | bigint {
    if (digits > MAX_BIG_INTEGER_BYTES) {
      throw new DecodeError('ETF_TOO_LARGE', `ETF integer has ${digits} bytes, above the limit of ${MAX_BIG_INTEGER_BYTES}`, at)
    }
    this.#need(digits + 1)
    const sign = this.#bytes[this.#offset]!
    const start = this.#offset + 1
    this.#offset = start + digits
    return decodeBigInteger(this.#bytes, start, digits, sign !== 0, this.#bigint)
  }

  #readFloatText(at: number): number {
    this.#need(31)
    const start = this.#offset
    this.#offset = start + 31
    const value = parseFloatText(this.#bytes.subarray(start, start + 31))
    if (value === null) throw new DecodeError('ETF_MALFORMED', 'ETF FLOAT_EXT does not hold a number', at)
    return value
  }

  #readCompressed(at: number): unknown {
    // The declared size is of the inflated term, so the remaining input is no bound for it.
    const size = this.#readLength(at, 4, 0)
    // The zlib stream has no length of its own: as Erlang writes it, it runs to the end of the input.
    const inflated = inflateTerm(this.#bytes.subarray(this.#offset, this.#end), size, at)
    const outer = this.#bytes
    this.#bytes = inflated
    this.#end = inflated.length
    this.#offset = 0
    this.#enter(at)
    let value: unknown
    try {
      value = this.#readTerm()
      if (this.#offset !== this.#end) {
        throw new DecodeError('ETF_TRAILING_BYTES', `${this.#end - this.#offset} bytes follow the compressed term`, this.#offset)
      }
    } catch (cause) {
      if (!(cause instanceof DecodeError)) throw cause
      throw new DecodeError(cause.code, `inside the compressed term, ${cause.message}`, at, { cause })
    }
    this.#depth--
    this.#bytes = outer
    this.#end = outer.length
    this.#offset = outer.length
    return value
  }
}
