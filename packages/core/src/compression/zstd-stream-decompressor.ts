import { corruptError, needsResetError } from './decompression-errors.js'
import { resolveZstdStreamBackend } from './decompression-backends.js'
import type { ZstdStreamBackend } from './decompression-backends.js'
import type { Decompressor } from './decompressor.js'
import { resolveDecompressorOptions } from './resolve-decompressor-options.js'
import type { InflatingDecompressorOptions, ResolvedDecompressorOptions } from './resolve-decompressor-options.js'
import type { StreamContext, StreamContextFactory } from './stream-context.js'

/** Options of a {@link ZstdStreamDecompressor}. */
export interface ZstdStreamDecompressorOptions extends InflatingDecompressorOptions {
  /**
   * Forces an implementation. Asking for one this runtime lacks throws
   * `DECOMPRESS_UNAVAILABLE`; `zstdStreamBackends()` lists what is available.
   * @defaultValue the first of `zstdStreamBackends()`
   */
  backend?: ZstdStreamBackend
}

/**
 * Undoes zstd-stream transport compression (`?compress=zstd-stream`): one zstd context for the
 * whole connection. Each socket message holds one whole gateway message, flushed but without
 * ending the zstd frame, so every push returns a message ("Transport Compression" in Discord's
 * gateway docs).
 */
export class ZstdStreamDecompressor implements Decompressor {
  readonly compression = 'zstd-stream'
  readonly backend: ZstdStreamBackend
  readonly #open: StreamContextFactory
  readonly #options: ResolvedDecompressorOptions
  // null after an error or close(): the context is gone and reset() must open a fresh one.
  #context: StreamContext | null

  /**
   * @throws InvalidOptionError when an option is invalid
   * @throws DecompressionError `DECOMPRESS_UNAVAILABLE` when the forced backend does not work here
   */
  constructor(options?: ZstdStreamDecompressorOptions) {
    this.#options = resolveDecompressorOptions(options)
    const backend = resolveZstdStreamBackend(options?.backend)
    this.backend = backend.name
    this.#open = backend.open
    this.#context = this.#open(this.#options)
  }

  get needsReset(): boolean {
    return this.#context === null
  }

  push(chunk: string | Uint8Array): string | Uint8Array {
    const context = this.#context
    if (context === null) throw needsResetError()
    if (typeof chunk === 'string') return chunk
    let message: string | Uint8Array
    try {
      message = context.decompress(chunk)
    } catch (error) {
      // The context may have consumed part of the message: it is out of sync for good.
      this.#drop()
      throw error
    }
    // Bytes that complete no block are a truncated or unflushed message; saying so now beats
    // handing this message's output out with the next one.
    if (message.length === 0 && chunk.byteLength !== 0) {
      this.#drop()
      throw corruptError(this.backend, 'the message did not complete a zstd block (truncated or not flushed)')
    }
    return message
  }

  reset(): void {
    this.#drop()
    this.#context = this.#open(this.#options)
  }

  close(): void {
    this.#drop()
  }

  #drop(): void {
    this.#context?.close()
    this.#context = null
  }
}
