import { decodeUtf8, SHORT_UTF8_MAX_BYTES } from './decode-utf8.js'

/** Map keys up to this many bytes go through the cache; longer keys are decoded each time. */
export const KEY_CACHE_MAX_BYTES = SHORT_UTF8_MAX_BYTES

// 2048 sets of two slots: room for the few hundred key names of the whole gateway API, and
// two slots per set so that two frequent keys that hash alike do not keep evicting each other.
const SET_BITS = 11

/**
 * Remembers the strings of short ASCII map keys, so that a key repeated in every event
 * (`id`, `guild_id`, `author`...) is read by comparing bytes instead of building a new string.
 * PERFORMANCE.md measured this as the largest single win of a JavaScript ETF decoder: the
 * cached string is already internalized by V8, so setting the property skips a string-table
 * lookup. Every hit is verified byte by byte, so a collision costs a miss, never a wrong key.
 */
export class KeyCache {
  readonly #slots: (string | undefined)[] = new Array<string | undefined>(2 << SET_BITS).fill(undefined)

  /**
   * The string of the UTF-8 bytes `bytes[start..end)`, or `null` when they are not valid UTF-8.
   * The caller guarantees `end - start <= KEY_CACHE_MAX_BYTES`.
   */
  get(bytes: Uint8Array, start: number, end: number): string | null {
    const length = end - start
    if (length === 0) return ''
    // A cheap hash of the length and four sampled bytes: a full check follows anyway, and
    // gateway keys differ in these places often enough to spread over the sets.
    const sample = bytes[start]! + (bytes[end - 1]! << 8) + (bytes[start + (length >> 1)]! << 16) + (bytes[start + (length >> 2)]! << 24)
    const slot = (Math.imul(sample + length * 0x1f, 0x9e37_79b1) >>> (32 - SET_BITS)) << 1
    const slots = this.#slots
    const first = slots[slot]
    if (first !== undefined && matches(first, bytes, start, length)) return first
    const second = slots[slot + 1]
    if (second !== undefined && matches(second, bytes, start, length)) return second
    const text = decodeUtf8(bytes, start, end)
    // Only ASCII keys are cached (one byte per UTF-16 unit), so that a hit can be verified by
    // comparing char codes with bytes. A key is ASCII exactly when its string is as long as its bytes.
    if (text !== null && text.length === length) {
      slots[slot + 1] = first
      slots[slot] = text
    }
    return text
  }
}

function matches(cached: string, bytes: Uint8Array, start: number, length: number): boolean {
  if (cached.length !== length) return false
  for (let i = 0; i < length; i++) {
    if (cached.charCodeAt(i) !== bytes[start + i]) return false
  }
  return true
}
