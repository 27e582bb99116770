import { Buffer } from 'node:buffer'

/**
 * The form a decompressor gives an inflated message in.
 *
 * - `bytes`: a `Uint8Array` (a `Buffer`), which every encoding accepts; ETF needs it. Small
 *   messages may share their `ArrayBuffer` with others (Node's Buffer pool, as socket Buffers
 *   do): copy one before transferring its `.buffer` to another thread.
 * - `string`: the message decoded as UTF-8 text, which `JSON.parse` takes directly. Decoding
 *   straight from the inflate buffer skips a copy and a `TextDecoder` pass (about 1 to 2 µs
 *   per 1 KB event). Invalid UTF-8 becomes U+FFFD instead of failing, so only choose it for JSON.
 *
 * Text frames are never converted: they pass through as strings whatever this says.
 */
export type DecompressedOutput = 'bytes' | 'string'

/**
 * Returns the first `length` bytes of a scratch buffer the caller will reuse, as a copy or as
 * text. Small copies come from Node's shared `Buffer` pool: allocating an `ArrayBuffer` per
 * message costs more than the copy.
 */
export function copyOutput(scratch: Buffer, length: number, output: DecompressedOutput): Uint8Array | string {
  if (output === 'string') return scratch.toString('utf8', 0, length)
  const bytes = Buffer.allocUnsafe(length)
  scratch.copy(bytes, 0, 0, length)
  return bytes
}

/** Returns bytes the caller owns (no copy), or their text. */
export function ownedOutput(bytes: Uint8Array, output: DecompressedOutput): Uint8Array | string {
  if (output === 'bytes') return bytes
  return asBuffer(bytes).toString('utf8')
}

/** Views any `Uint8Array` as a `Buffer` without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
