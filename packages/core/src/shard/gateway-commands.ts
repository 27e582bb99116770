import type { GatewayIdentifyProperties, GatewayPresenceUpdateData } from 'discord-api-types/v10'
import type { GatewayPayload } from '../gateway-payload.js'
import { GatewayOpcode } from './gateway-opcodes.js'
import type { Session } from './shard-state.js'

/** A payload a client sends: `s` and `t` belong to dispatches only. */
export type OutgoingPayload = Omit<GatewayPayload, 's' | 't'>

/** What identify says besides the token ("Identify" in Discord's gateway docs). */
export interface IdentifyConfig {
  readonly intents: number
  readonly properties: GatewayIdentifyProperties
  readonly shard: readonly [shardId: number, shardCount: number]
  /** 50 to 250: members above which a guild is "large" and its offline members are not sent. */
  readonly largeThreshold: number
  readonly presence: GatewayPresenceUpdateData | null
  /** Payload compression: only with the JSON encoding and no transport compression. */
  readonly compress: boolean
}

// Replaces the token in what the `send` event shows; the bytes sent are encoded from the original.
const redacted = '[redacted]'

/** Identify (op 2), and the same payload with its token replaced, for events. */
export function identifyPayload(token: string, config: IdentifyConfig): { payload: OutgoingPayload; shown: OutgoingPayload } {
  const d = {
    token,
    intents: config.intents,
    properties: { ...config.properties },
    shard: [config.shard[0], config.shard[1]],
    large_threshold: config.largeThreshold,
    ...(config.presence === null ? {} : { presence: config.presence }),
    ...(config.compress ? { compress: true } : {}),
  }
  return { payload: { op: GatewayOpcode.Identify, d }, shown: { op: GatewayOpcode.Identify, d: { ...d, token: redacted } } }
}

/** Resume (op 6) of `session` from its last sequence, and the same payload with its token replaced. */
export function resumePayload(token: string, session: Session): { payload: OutgoingPayload; shown: OutgoingPayload } {
  const d = { token, session_id: session.sessionId, seq: session.sequence }
  return { payload: { op: GatewayOpcode.Resume, d }, shown: { op: GatewayOpcode.Resume, d: { ...d, token: redacted } } }
}

/** Heartbeat (op 1): `d` is the last sequence received, or null before any dispatch. */
export function heartbeatPayload(sequence: number | null): OutgoingPayload {
  return { op: GatewayOpcode.Heartbeat, d: sequence }
}
