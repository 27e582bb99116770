import { ShardwireError } from '@shardwire/core'
import type { FetchGatewayInformation, GatewayInformation } from './manager-options.js'

/**
 * `GET ${apiBase}/gateway/bot` with the bot token. Rejects with `GATEWAY_FETCH_FAILED` on a
 * network error, a non-2xx status or an answer without the expected fields; the token is
 * never part of the message.
 */
export async function fetchGatewayInformation(token: string, apiBase: string): Promise<GatewayInformation> {
  let response: Response
  try {
    response = await fetch(`${apiBase}/gateway/bot`, { headers: { Authorization: `Bot ${token}` } })
  } catch (error) {
    throw new ShardwireError('GATEWAY_FETCH_FAILED', `GET ${apiBase}/gateway/bot failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw new ShardwireError('GATEWAY_FETCH_FAILED', `GET ${apiBase}/gateway/bot answered ${response.status}${response.status === 401 ? ' (the token is invalid)' : ''}`)
  }
  const body: unknown = await response.json().catch(() => null)
  const problem = unusableInformation(body)
  if (problem !== null) throw new ShardwireError('GATEWAY_FETCH_FAILED', `GET ${apiBase}/gateway/bot answered unusable data: ${problem}`)
  return body as GatewayInformation
}

/**
 * Calls a (possibly user-given) {@link FetchGatewayInformation} and checks its answer. Rejects
 * with `GATEWAY_FETCH_FAILED` for a failure or unusable data, never echoing the token.
 */
export async function fetchUsableInformation(fetchInformation: FetchGatewayInformation, token: string, apiBase: string): Promise<GatewayInformation> {
  let info: GatewayInformation
  try {
    info = await fetchInformation(token, apiBase)
  } catch (error) {
    if (error instanceof ShardwireError) throw error
    const message = error instanceof Error ? error.message : String(error)
    throw new ShardwireError('GATEWAY_FETCH_FAILED', `fetchGatewayInformation failed: ${message.replaceAll(token, '[redacted]')}`)
  }
  const problem = unusableInformation(info)
  if (problem !== null) throw new ShardwireError('GATEWAY_FETCH_FAILED', `fetchGatewayInformation returned unusable data: ${problem}`)
  return info
}

/** Why `body` cannot be used as {@link GatewayInformation}, or null. */
export function unusableInformation(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return 'not an object'
  const { url, shards, session_start_limit: limit } = body as Record<string, unknown>
  if (typeof url !== 'string' || !URL.canParse(url)) return '`url` is not a URL'
  if (!Number.isSafeInteger(shards) || (shards as number) < 1) return '`shards` is not an integer >= 1'
  if (typeof limit !== 'object' || limit === null) return '`session_start_limit` is missing'
  const { max_concurrency: maxConcurrency, total, remaining, reset_after: resetAfter } = limit as Record<string, unknown>
  if (!Number.isSafeInteger(maxConcurrency) || (maxConcurrency as number) < 1) return '`session_start_limit.max_concurrency` is not an integer >= 1'
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(remaining) || (remaining as number) < 0) return '`session_start_limit.total` or `remaining` is not an integer >= 0'
  if (typeof resetAfter !== 'number' || !(resetAfter >= 0)) return '`session_start_limit.reset_after` is not a number >= 0'
  return null
}
