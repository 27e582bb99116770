import { limitError, needsResetError } from './decompression-errors.js'
import type { Decompressor, DecompressorOptions } from './decompressor.js'
import { resolveDecompressorOptions } from './resolve-decompressor-options.js'

/** Options of a {@link PassthroughDecompressor}. */
export type PassthroughDecompressorOptions = DecompressorOptions

/**
 * The decompressor for connections without compression: every message passes through
 * unchanged. It still enforces `maxMessageBytes` (counting a string's UTF-16 units, a lower
 * bound of its UTF-8 size), so that no decompressor ever returns more than the limit.
 */
export class PassthroughDecompressor implements Decompressor {
  readonly compression = 'none'
  readonly backend = 'none'
  readonly #maxMessageBytes: number
  #needsReset = false

  /** @throws InvalidOptionError when an option is invalid */
  constructor(options?: PassthroughDecompressorOptions) {
    this.#maxMessageBytes = resolveDecompressorOptions(options).maxMessageBytes
  }

  get needsReset(): boolean {
    return this.#needsReset
  }

  push(chunk: string | Uint8Array): string | Uint8Array {
    if (this.#needsReset) throw needsResetError()
    if (chunk.length > this.#maxMessageBytes) {
      this.#needsReset = true
      throw limitError(this.#maxMessageBytes)
    }
    return chunk
  }

  reset(): void {
    this.#needsReset = false
  }

  close(): void {
    // Nothing is held; like every decompressor, it refuses input until reset().
    this.#needsReset = true
  }
}
