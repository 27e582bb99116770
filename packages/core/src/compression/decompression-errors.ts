import { DecompressionError } from '../errors.js'

// The errors every decompressor throws, worded once.

/** The error for a message whose inflated size passed the limit. */
export function limitError(limit: number): DecompressionError {
  return new DecompressionError('DECOMPRESS_LIMIT', `Decompressed message exceeds maxMessageBytes (${limit} bytes)`)
}

/** The error for corrupt compressed input; `detail` says what the backend reported. */
export function corruptError(backend: string, detail: string, cause?: unknown): DecompressionError {
  return new DecompressionError('DECOMPRESS_CORRUPT', `Corrupt compressed data (${backend}: ${detail})`, { cause })
}

/** The error for a push while `needsReset` is set. */
export function needsResetError(): DecompressionError {
  return new DecompressionError('DECOMPRESS_NEEDS_RESET', 'Decompressor used after an error or close() without reset()')
}
