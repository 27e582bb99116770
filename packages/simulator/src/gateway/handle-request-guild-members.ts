import type { GatewayConnection } from './gateway-connection.js'

/**
 * Op 8. Answers with one empty GUILD_MEMBERS_CHUNK echoing the nonce: enough for a client's
 * request/response bookkeeping ("Request Guild Members" in Discord's docs).
 */
export function handleRequestGuildMembers(connection: GatewayConnection, d: unknown): void {
  if (connection.state.kind !== 'live') return
  const request = (typeof d === 'object' && d !== null ? d : {}) as { guild_id?: unknown; nonce?: unknown }
  if (typeof request.guild_id !== 'string') return connection.violate('decode-error', 'request guild members needs a `guild_id`')
  connection.state.session.dispatch('GUILD_MEMBERS_CHUNK', {
    guild_id: request.guild_id,
    members: [],
    chunk_index: 0,
    chunk_count: 1,
    not_found: [],
    ...(typeof request.nonce === 'string' ? { nonce: request.nonce } : {}),
  })
}
