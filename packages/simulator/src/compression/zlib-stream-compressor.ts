import zlib from 'node:zlib'
import { ShardwireError } from '@shardwire/core'
import type { Compressor } from './compressor.js'
import { syncZlibStep } from './sync-zlib-step.js'

/**
 * zlib-stream: one deflate context per connection, each message ending in a Z_SYNC_FLUSH
 * (`00 00 ff ff`), as Discord's "Transport Compression" section describes.
 * @throws ShardwireError `SIMULATOR_COMPRESS_UNAVAILABLE` when this runtime's zlib has no synchronous step
 */
export function createZlibStreamCompressor(): Compressor {
  const deflate = zlib.createDeflate()
  const step = syncZlibStep(deflate, zlib.constants.Z_SYNC_FLUSH)
  if (step === null) {
    deflate.close()
    throw new ShardwireError('SIMULATOR_COMPRESS_UNAVAILABLE', 'node:zlib offers no synchronous deflate step on this runtime')
  }
  return { compression: 'zlib-stream', backend: 'node:zlib', compress: step, close: () => deflate.close() }
}
