import { ShardwireError } from '@shardwire/core'
import type { TransportCompression } from '../rules/gateway-query.js'
import type { Compressor } from './compressor.js'
import { createZlibStreamCompressor } from './zlib-stream-compressor.js'
import { createZstdStreamCompressor, type ZstdBackend } from './zstd-stream-compressor.js'

/**
 * A fresh compression context for one connection.
 * @throws ShardwireError `SIMULATOR_COMPRESS_UNAVAILABLE` when the runtime cannot serve `compression`
 */
export function createCompressor(compression: TransportCompression, zstdBackends?: readonly ZstdBackend[]): Compressor {
  switch (compression) {
    case 'zlib-stream':
      return createZlibStreamCompressor()
    case 'zstd-stream':
      return createZstdStreamCompressor(zstdBackends)
    default: {
      const unknown: never = compression
      throw new ShardwireError('SIMULATOR_COMPRESS_UNAVAILABLE', `The simulator has no compressor for ${String(unknown)}`)
    }
  }
}
