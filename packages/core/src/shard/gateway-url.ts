import type { Compression } from '../compression/decompressor.js'
import type { EncodingName } from '../encoding/encoding.js'

/** The gateway API version shardwire speaks. */
export const gatewayVersion = 10

/** Discord's main gateway URL, used when `GET /gateway/bot` was not asked. */
export const defaultGatewayUrl = 'wss://gateway.discord.gg'

// The `compress` query value of each compression; payload compression is asked for in identify instead.
const compressQuery = {
  none: null,
  payload: null,
  'zlib-stream': 'zlib-stream',
  'zstd-stream': 'zstd-stream',
} as const satisfies Record<Compression, string | null>

/**
 * The socket URL for `base` (the main gateway URL or a `resume_gateway_url`):
 * `<base>/?v=10&encoding=…[&compress=…]`. Resumes must use the same version, encoding and
 * compression as the identify ("Resuming" in Discord's gateway docs), which this guarantees.
 */
export function gatewayUrl(base: string, encoding: EncodingName, compression: Compression): string {
  const url = new URL(base)
  // Any version, encoding or compression already in `base` gives way to the shard's own.
  for (const key of ['v', 'encoding', 'compress']) url.searchParams.delete(key)
  url.searchParams.append('v', String(gatewayVersion))
  url.searchParams.append('encoding', encoding)
  const compress = compressQuery[compression]
  if (compress !== null) url.searchParams.append('compress', compress)
  return url.toString()
}
