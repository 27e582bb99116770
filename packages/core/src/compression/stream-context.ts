import type { ResolvedDecompressorOptions } from './resolve-decompressor-options.js'

/**
 * One connection's compression context, as a backend implements it (internal). The stream
 * decompressors own the protocol rules (buffering frames, needing reset after an error); a
 * context only turns the compressed bytes of one whole message into the message.
 */
export interface StreamContext {
  /**
   * Decompresses one whole message and advances the context.
   * @throws DecompressionError `DECOMPRESS_CORRUPT` or `DECOMPRESS_LIMIT`; the context is
   *   unusable afterwards and must be closed
   */
  decompress(message: Uint8Array): Uint8Array | string
  /** Frees the context. */
  close(): void
}

/** Opens a fresh context: one per connection. */
export type StreamContextFactory = (options: ResolvedDecompressorOptions) => StreamContext

/**
 * Input bytes fed to backends that cannot stop in the middle of a push (zlib-sync, fflate).
 * Deflate expands at most 1032:1, so one slice inflates to at most about 16.5 MiB: that is how
 * far past `maxMessageBytes` memory can grow before the limit check sees it.
 */
export const inflateSliceBytes = 16 * 1024

/** Whether a backend works on this runtime, and if not why, for `DECOMPRESS_UNAVAILABLE` messages. */
export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string; readonly cause?: unknown }
