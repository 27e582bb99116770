import type { TransportCompression } from '../rules/gateway-query.js'

/**
 * The server side of one connection's transport compression: one context for the socket's
 * whole life, flushed after each message so the client can inflate it at once.
 */
export interface Compressor {
  /** The `compress` query value this compressor serves. */
  readonly compression: TransportCompression
  /** The implementation in use (`node:zlib`, `zstd-napi`), for records and diagnostics. */
  readonly backend: string
  /** Compresses one whole gateway message and flushes, returning every byte produced. */
  compress(message: Uint8Array): Uint8Array
  /** Frees the context. The instance must not be used afterwards. */
  close(): void
}
