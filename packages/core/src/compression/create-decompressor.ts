import { InvalidOptionError } from '../errors.js'
import type { Compression, Decompressor } from './decompressor.js'
import { PassthroughDecompressor } from './passthrough-decompressor.js'
import type { PassthroughDecompressorOptions } from './passthrough-decompressor.js'
import { PayloadDecompressor } from './payload-decompressor.js'
import type { PayloadDecompressorOptions } from './payload-decompressor.js'
import { describeValue } from './resolve-decompressor-options.js'
import { ZlibStreamDecompressor } from './zlib-stream-decompressor.js'
import type { ZlibStreamDecompressorOptions } from './zlib-stream-decompressor.js'
import { ZstdStreamDecompressor } from './zstd-stream-decompressor.js'
import type { ZstdStreamDecompressorOptions } from './zstd-stream-decompressor.js'

/** The options each kind of compression accepts. */
export interface DecompressorOptionsByCompression {
  /** Options of the `PassthroughDecompressor`. */
  none: PassthroughDecompressorOptions
  /** Options of the `PayloadDecompressor` (`compress: true` in identify). */
  payload: PayloadDecompressorOptions
  /** Options of the `ZlibStreamDecompressor`. */
  'zlib-stream': ZlibStreamDecompressorOptions
  /** Options of the `ZstdStreamDecompressor`. */
  'zstd-stream': ZstdStreamDecompressorOptions
}

const factories = {
  none: (options) => new PassthroughDecompressor(options),
  payload: (options) => new PayloadDecompressor(options),
  'zlib-stream': (options) => new ZlibStreamDecompressor(options),
  'zstd-stream': (options) => new ZstdStreamDecompressor(options),
} as const satisfies { [C in Compression]: (options: DecompressorOptionsByCompression[C] | undefined) => Decompressor }

/**
 * Creates the decompressor for one connection's compression, with the best backend this
 * runtime has unless `options.backend` forces one.
 *
 * @example
 * ```ts
 * const decompressor = createDecompressor('zlib-stream', { output: 'string' }) // JSON
 * socket.on('message', (data) => {
 *   const message = decompressor.push(data)
 *   if (message !== null) handle(jsonEncoding.decode(message))
 * })
 * ```
 * @throws InvalidOptionError for an unknown compression or an invalid option
 * @throws DecompressionError `DECOMPRESS_UNAVAILABLE` when a forced backend does not work here
 */
export function createDecompressor<C extends Compression>(compression: C, options?: DecompressorOptionsByCompression[C]): Decompressor {
  if (typeof compression !== 'string' || !Object.hasOwn(factories, compression)) {
    const accepted = Object.keys(factories).map((name) => `'${name}'`).join(', ')
    throw new InvalidOptionError('compression', `expected one of ${accepted}, got ${describeValue(compression)}`)
  }
  const factory = factories[compression] as (options: DecompressorOptionsByCompression[C] | undefined) => Decompressor
  return factory(options)
}
