import type { GatewayDispatchPayload, GatewayReadyDispatchData } from 'discord-api-types/v10'
import type { ShardwireError } from '../errors.js'
import type { GatewayPayload } from '../gateway-payload.js'
import type { OutgoingPayload } from './gateway-commands.js'
import type { DisconnectReason, ShardStatus } from './shard-state.js'

/**
 * A dispatch as received: `{ op: 0, t, s, d }`, typed by event name (narrow on `t`).
 * The one place where decoded data meets discord-api-types' shapes.
 */
export type ShardDispatch = GatewayDispatchPayload

/** `open`: a socket opened. */
export interface ShardOpenEvent {
  readonly shardId: number
  readonly url: string
}

/** `close`: a connection ended. */
export interface ShardCloseEvent {
  readonly shardId: number
  /** The code received (1006 for a dropped socket) or sent. */
  readonly code: number
  /** Whether the shard will reconnect on its own. */
  readonly reconnect: boolean
  readonly reason: DisconnectReason
}

/** `ready`: READY arrived; a new session started. */
export interface ShardReadyEvent {
  readonly shardId: number
  readonly sessionId: string
  readonly resumeUrl: string
  /** READY's `d`. */
  readonly data: GatewayReadyDispatchData
}

/** `resumed`: RESUMED arrived after `replayed` replayed events. */
export interface ShardResumedEvent {
  readonly shardId: number
  readonly replayed: number
}

/** `heartbeat`: a heartbeat was acknowledged. */
export interface ShardHeartbeatEvent {
  readonly shardId: number
  /** Milliseconds from the heartbeat to its ACK. */
  readonly latency: number
}

/** `status`: the shard's status changed. */
export interface ShardStatusEvent {
  readonly shardId: number
  readonly status: ShardStatus
  readonly previous: ShardStatus
}

/** `debug`: a structured diagnostic. Never holds the token. */
export interface ShardDebugEvent {
  readonly shardId: number
  readonly message: string
  /** The opcode concerned, if any. */
  readonly op?: number
  /** The sequence concerned, if any. */
  readonly sequence?: number | null
}

/** The events of a `Shard` and their arguments. */
export interface ShardEventMap {
  open: [event: ShardOpenEvent]
  close: [event: ShardCloseEvent]
  /** Emitted only when someone listens: fatal errors also reject `connect()` and set `status` to `fatal`. */
  error: [error: ShardwireError]
  ready: [event: ShardReadyEvent]
  resumed: [event: ShardResumedEvent]
  /** Every dispatch, exactly once and in order per session, READY and RESUMED included. */
  dispatch: [payload: ShardDispatch, shardId: number]
  /** Every payload received, for debugging. */
  receive: [payload: GatewayPayload, shardId: number]
  /** Every payload sent, for debugging; identify and resume show `[redacted]` for the token. */
  send: [payload: OutgoingPayload, shardId: number]
  heartbeat: [event: ShardHeartbeatEvent]
  status: [event: ShardStatusEvent]
  debug: [event: ShardDebugEvent]
}
