import type { EncodingName } from '@shardwire/core'
import { closeCodes } from './close-codes.js'

/** The transport compressions a gateway URL may ask for with `?compress=`. */
export type TransportCompression = 'zlib-stream' | 'zstd-stream'

/** What a valid gateway URL asked for. */
export interface GatewayQuery {
  /** `v`: the API version asked for. */
  readonly version: number
  /** `encoding`: `json` or `etf`. */
  readonly encoding: EncodingName
  /** `compress`: the transport compression, or null for none. */
  readonly compression: TransportCompression | null
}

/** The outcome of {@link parseGatewayQuery}: the query, or the close the socket gets. */
export type GatewayQueryResult =
  | { readonly ok: true; readonly query: GatewayQuery }
  | { readonly ok: false; readonly closeCode: number; readonly reason: string; readonly violation: QueryViolation }

/** Which part of the query was wrong. */
export type QueryViolation = 'invalid-version' | 'invalid-encoding' | 'invalid-compression'

const encodings = { json: 'json', etf: 'etf' } as const satisfies Record<string, EncodingName>
const compressions = {
  'zlib-stream': 'zlib-stream',
  'zstd-stream': 'zstd-stream',
} as const satisfies Record<string, TransportCompression>

/**
 * Reads `?v=&encoding=&compress=` from a gateway URL.
 *
 * Discord closes a socket opened with an unsupported `v` with 4012. It documents no code for
 * a bad `encoding` or `compress`; the simulator closes those with 4002 (decode error), the
 * code Discord uses when it cannot make sense of what the client speaks. A missing `v` is
 * invalid (Discord's implicit default, v6, is discontinued); a missing `encoding` means JSON
 * and a missing `compress` means none, as on Discord.
 * @param search - the URL's query string, with or without the leading `?`
 * @param versions - the API versions accepted
 */
export function parseGatewayQuery(search: string, versions: readonly number[]): GatewayQueryResult {
  const params = new URLSearchParams(search)
  const rawVersion = params.get('v')
  const version = rawVersion !== null && /^\d+$/.test(rawVersion) ? Number(rawVersion) : Number.NaN
  if (!versions.includes(version)) {
    const { code, reason } = closeCodes.INVALID_API_VERSION
    return { ok: false, closeCode: code, reason, violation: 'invalid-version' }
  }
  const rawEncoding = params.get('encoding') ?? 'json'
  if (!Object.hasOwn(encodings, rawEncoding)) {
    return { ok: false, closeCode: closeCodes.DECODE_ERROR.code, reason: `Invalid encoding`, violation: 'invalid-encoding' }
  }
  const rawCompress = params.get('compress')
  if (rawCompress !== null && !Object.hasOwn(compressions, rawCompress)) {
    return { ok: false, closeCode: closeCodes.DECODE_ERROR.code, reason: `Invalid compression`, violation: 'invalid-compression' }
  }
  return {
    ok: true,
    query: {
      version,
      encoding: encodings[rawEncoding as keyof typeof encodings],
      compression: rawCompress === null ? null : compressions[rawCompress as keyof typeof compressions],
    },
  }
}
