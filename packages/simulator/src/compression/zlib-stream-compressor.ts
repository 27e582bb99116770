import { Buffer } from 'node:buffer'
import zlib from 'node:zlib'
import type { Compressor } from './compressor.js'
import { syncZlibStep } from './sync-zlib-step.js'

/**
 * zlib-stream: one deflate context per connection, each message ending in a Z_SYNC_FLUSH
 * (`00 00 ff ff`), as Discord's "Transport Compression" section describes.
 *
 * The fast path drives one `createDeflate()` context synchronously through node:zlib's internal
 * handle ({@link syncZlibStep}). Should a Node release change those internals, the documented
 * fallback is {@link createDictionaryZlibCompressor}, which uses public APIs only and produces a
 * stream no client can tell apart. Connections are never refused for want of internals.
 * @param step - how to build the fast path (a test seam: pass one returning null to force the fallback)
 */
export function createZlibStreamCompressor(step: typeof syncZlibStep = syncZlibStep): Compressor {
  const deflate = zlib.createDeflate()
  const compress = step(deflate, zlib.constants.Z_SYNC_FLUSH)
  if (compress === null) {
    deflate.close()
    return createDictionaryZlibCompressor()
  }
  return { compression: 'zlib-stream', backend: 'node:zlib', compress, close: () => deflate.close() }
}

// The zlib header of a default deflate stream: method 8, 32 KiB window, no preset dictionary.
const zlibHeader = Buffer.from([0x78, 0x9c])
// Deflate refers back at most 32 KiB: the window an inflater keeps between messages.
const windowBytes = 32 * 1024

/**
 * zlib-stream from public node:zlib APIs only: each message is a raw deflate run ending in a
 * sync flush (`deflateRawSync` with `finishFlush: Z_SYNC_FLUSH`), given the last 32 KiB of
 * earlier messages as its preset dictionary, and the first one is preceded by the zlib header.
 * Back-references may reach into earlier messages exactly as with one shared context, so a client
 * that (wrongly) inflates each message on its own fails here too. The trailing Adler-32 is never
 * written, as on Discord, because the stream never ends. Slower than the shared context (the
 * dictionary is re-hashed per message), which is why it is only the fallback.
 */
export function createDictionaryZlibCompressor(): Compressor {
  let started = false
  let window = Buffer.alloc(0)
  return {
    compression: 'zlib-stream',
    backend: 'node:zlib deflateRawSync',
    compress(message) {
      const options: zlib.ZlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH }
      if (window.byteLength > 0) options.dictionary = window
      const body = zlib.deflateRawSync(message, options)
      const keep = Math.max(0, window.byteLength + message.byteLength - windowBytes)
      window =
        message.byteLength >= windowBytes
          ? Buffer.from(message.subarray(message.byteLength - windowBytes))
          : Buffer.concat([window.subarray(keep), message])
      if (started) return body
      started = true
      return Buffer.concat([zlibHeader, body])
    },
    close() {
      window = Buffer.alloc(0)
    },
  }
}
