/**
 * How gateway messages are compressed on the wire: the `compress` query value for the
 * transport kinds, `payload` for identify's `compress: true`, or `none`.
 */
export type Compression = 'none' | 'payload' | 'zlib-stream' | 'zstd-stream'

/**
 * Turns the messages of one connection into whole, decompressed gateway messages.
 *
 * One instance serves one connection: transport compression keeps one context for the
 * connection's life, so a new connection needs `reset()` (see "Transport Compression" in
 * Discord's gateway docs).
 */
export interface Decompressor {
  /** Which compression this decompressor undoes. */
  readonly compression: Compression
  /** The implementation in use, for diagnostics and benchmarks (`zlib-sync`, `node:zlib`, `fzstd`, …). */
  readonly backend: string
  /**
   * True after a `DecompressionError` or `close()`: the context is unusable until `reset()`.
   */
  readonly needsReset: boolean
  /**
   * Feeds one socket message. Returns a whole gateway message, or `null` when the message
   * continues in a later frame (zlib-stream only). Text frames pass through unchanged; inflated
   * messages are bytes, or text where the decompressor was created with `output: 'string'`.
   * Throws a `DecompressionError` on corrupt input (`DECOMPRESS_CORRUPT`), on a message over
   * the size limit (`DECOMPRESS_LIMIT`), or when called while `needsReset` is set
   * (`DECOMPRESS_NEEDS_RESET`).
   */
  push(chunk: string | Uint8Array): string | Uint8Array | null
  /** Drops all buffered input and starts a fresh context, for a new connection. */
  reset(): void
  /** Frees native resources. The instance must not be used afterwards. */
  close(): void
}

/** Options shared by every decompressor. */
export interface DecompressorOptions {
  /**
   * Largest decompressed message, and largest buffered incomplete input, in bytes.
   * Larger ones throw `DECOMPRESS_LIMIT`: a guard against decompression bombs.
   * @defaultValue 134217728 (128 MiB; the largest GUILD_CREATEs reach tens of MiB)
   */
  maxMessageBytes?: number
}
