import { Buffer } from 'node:buffer'

/**
 * Strings up to this many bytes are decoded in JavaScript; longer ones by `TextDecoder`.
 * A call into `TextDecoder` costs about as much as decoding a few dozen bytes here, and most
 * gateway strings (keys, names, enum values, ids) are shorter than this.
 */
export const SHORT_UTF8_MAX_BYTES = 48

// `fatal` turns invalid UTF-8 into an error instead of silently inserting U+FFFD; `ignoreBOM`
// keeps a leading U+FEFF, which is text in a binary, not a byte-order mark to strip.
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

// One reusable array per length: `String.fromCharCode.apply` takes the array's length as the
// argument count, and reusing exact-length arrays avoids an allocation per string.
const unitsByLength: number[][] = Array.from({ length: SHORT_UTF8_MAX_BYTES + 1 }, (_, length) =>
  new Array<number>(length).fill(0),
)

/**
 * Decodes `bytes[start..end)` as strict UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or returns `null` when the bytes are not valid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | null {
  const length = end - start
  if (length > SHORT_UTF8_MAX_BYTES) return decodeWithTextDecoder(bytes, start, end)
  const units = unitsByLength[length]!
  for (let i = 0; i < length; i++) {
    const byte = bytes[start + i]!
    if (byte >= 0x80) return decodeShortMultibyte(bytes, start, end)
    units[i] = byte
  }
  return String.fromCharCode.apply(null, units)
}

/** Decodes Latin-1 bytes (each byte is its code point): the text of ATOM and SMALL_ATOM. */
export function decodeLatin1(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > SHORT_UTF8_MAX_BYTES) {
    // Not TextDecoder('latin1'): the WHATWG label means windows-1252, which differs at 0x80..0x9f.
    return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')
  }
  const units = unitsByLength[end - start]!
  for (let i = start; i < end; i++) units[i - start] = bytes[i]!
  return String.fromCharCode.apply(null, units)
}

function decodeWithTextDecoder(bytes: Uint8Array, start: number, end: number): string | null {
  try {
    return fatalUtf8.decode(bytes.subarray(start, end))
  } catch {
    return null
  }
}

/**
 * The short path for strings with a non-ASCII byte: names with accents, CJK, emoji.
 * Code points above U+FFFF become a surrogate pair; each sequence is checked against the
 * table of well-formed byte sequences in the Unicode Standard (chapter 3, table 3-7).
 */
function decodeShortMultibyte(bytes: Uint8Array, start: number, end: number): string | null {
  const units: number[] = []
  let i = start
  while (i < end) {
    const lead = bytes[i]!
    if (lead < 0x80) {
      units.push(lead)
      i += 1
    } else if (lead < 0xc2) {
      // A continuation byte with no lead, or C0/C1 (which could only start an overlong form).
      return null
    } else if (lead < 0xe0) {
      if (i + 2 > end) return null
      const c1 = bytes[i + 1]!
      if ((c1 & 0xc0) !== 0x80) return null
      units.push(((lead & 0x1f) << 6) | (c1 & 0x3f))
      i += 2
    } else if (lead < 0xf0) {
      if (i + 3 > end) return null
      const c1 = bytes[i + 1]!
      const c2 = bytes[i + 2]!
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80) return null
      const codePoint = ((lead & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f)
      // Below U+0800 is overlong; U+D800..U+DFFF are surrogates, never valid in UTF-8.
      if (codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return null
      units.push(codePoint)
      i += 3
    } else if (lead < 0xf5) {
      if (i + 4 > end) return null
      const c1 = bytes[i + 1]!
      const c2 = bytes[i + 2]!
      const c3 = bytes[i + 3]!
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) return null
      const codePoint = ((lead & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f)
      // Below U+10000 is overlong; above U+10FFFF is outside Unicode.
      if (codePoint < 0x1_0000 || codePoint > 0x10_ffff) return null
      const offset = codePoint - 0x1_0000
      units.push(0xd800 | (offset >>> 10), 0xdc00 | (offset & 0x3ff))
      i += 4
    } else {
      return null
    }
  }
  return String.fromCharCode.apply(null, units)
}
