import { Buffer } from 'node:buffer'
import { limitError, needsResetError } from './decompression-errors.js'
import { resolveZlibStreamBackend } from './decompression-backends.js'
import type { ZlibStreamBackend } from './decompression-backends.js'
import type { Decompressor } from './decompressor.js'
import { resolveDecompressorOptions } from './resolve-decompressor-options.js'
import type { InflatingDecompressorOptions, ResolvedDecompressorOptions } from './resolve-decompressor-options.js'
import type { StreamContext, StreamContextFactory } from './stream-context.js'

/** Options of a {@link ZlibStreamDecompressor}. */
export interface ZlibStreamDecompressorOptions extends InflatingDecompressorOptions {
  /**
   * Forces an implementation. Asking for one this runtime lacks throws
   * `DECOMPRESS_UNAVAILABLE`; `zlibStreamBackends()` lists what is available.
   * @defaultValue the first of `zlibStreamBackends()`
   */
  backend?: ZlibStreamBackend
}

/**
 * Undoes zlib-stream transport compression (`?compress=zlib-stream`): one zlib context for the
 * whole connection. A message may span several frames; it is complete when the bytes received
 * end with `00 00 ff ff`, the mark of a Z_SYNC_FLUSH ("Transport Compression" in Discord's
 * gateway docs). Until then frames are buffered and `push` returns `null`; they are kept by
 * reference, so their memory must not be reused before the message completes.
 */
export class ZlibStreamDecompressor implements Decompressor {
  readonly compression = 'zlib-stream'
  readonly backend: ZlibStreamBackend
  readonly #open: StreamContextFactory
  readonly #options: ResolvedDecompressorOptions
  // null after an error or close(): the context is gone and reset() must open a fresh one.
  #context: StreamContext | null
  #pending: Uint8Array[] = []
  #pendingBytes = 0

  /**
   * @throws InvalidOptionError when an option is invalid
   * @throws DecompressionError `DECOMPRESS_UNAVAILABLE` when the forced backend does not work here
   */
  constructor(options?: ZlibStreamDecompressorOptions) {
    this.#options = resolveDecompressorOptions(options)
    const backend = resolveZlibStreamBackend(options?.backend)
    this.backend = backend.name
    this.#open = backend.open
    this.#context = this.#open(this.#options)
  }

  get needsReset(): boolean {
    return this.#context === null
  }

  push(chunk: string | Uint8Array): string | Uint8Array | null {
    const context = this.#context
    if (context === null) throw needsResetError()
    if (typeof chunk === 'string') return chunk
    if (chunk.byteLength === 0) return null
    const pendingBytes = this.#pendingBytes + chunk.byteLength
    if (pendingBytes > this.#options.maxMessageBytes) throw this.#fail(limitError(this.#options.maxMessageBytes))
    let message = chunk
    // The common case, a whole message in one frame, is inflated as it is, without a copy.
    if (this.#pendingBytes !== 0 || !endsWithSyncFlush(chunk)) {
      this.#pending.push(chunk)
      this.#pendingBytes = pendingBytes
      if (!pendingEndsWithSyncFlush(this.#pending)) return null
      message = Buffer.concat(this.#pending, pendingBytes)
      this.#pending = []
      this.#pendingBytes = 0
    }
    try {
      return context.decompress(message)
    } catch (error) {
      throw this.#fail(error)
    }
  }

  reset(): void {
    this.#drop()
    this.#context = this.#open(this.#options)
  }

  close(): void {
    this.#drop()
  }

  // After any error the context may hold half a message: it is out of sync for good.
  #fail(error: unknown): unknown {
    this.#drop()
    return error
  }

  #drop(): void {
    this.#context?.close()
    this.#context = null
    this.#pending = []
    this.#pendingBytes = 0
  }
}

/** Whether `bytes` end with `00 00 ff ff`. */
function endsWithSyncFlush(bytes: Uint8Array): boolean {
  const end = bytes.byteLength
  return end >= 4 && bytes[end - 1] === 0xff && bytes[end - 2] === 0xff && bytes[end - 3] === 0x00 && bytes[end - 4] === 0x00
}

const syncFlushSuffix = [0x00, 0x00, 0xff, 0xff] as const

/** Whether `chunks`, taken together, end with `00 00 ff ff`: the suffix may straddle frames. */
function pendingEndsWithSyncFlush(chunks: readonly Uint8Array[]): boolean {
  const expected = syncFlushSuffix
  let index = expected.length - 1
  for (let c = chunks.length - 1; c >= 0; c--) {
    const chunk = chunks[c]!
    for (let i = chunk.byteLength - 1; i >= 0; i--) {
      if (chunk[i] !== expected[index]) return false
      if (index === 0) return true
      index--
    }
  }
  return false
}
