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
  /** The shard. */
  readonly shardId: number
  /** The socket's URL, query included (the resume URL when resuming). */
  readonly url: string
}

/** `close`: a connection ended. */
export interface ShardCloseEvent {
  /** The shard. */
  readonly shardId: number
  /** The code received (1006 for a dropped socket) or sent. */
  readonly code: number
  /** Whether the shard will reconnect on its own. */
  readonly reconnect: boolean
  /** Why the connection ended. */
  readonly reason: DisconnectReason
}

/** `ready`: READY arrived; a new session started. */
export interface ShardReadyEvent {
  /** The shard. */
  readonly shardId: number
  /** `session_id` from READY: what a resume names. */
  readonly sessionId: string
  /** `resume_gateway_url` from READY: where resumes must connect. */
  readonly resumeUrl: string
  /** READY's `d`. */
  readonly data: GatewayReadyDispatchData
}

/** `resumed`: RESUMED arrived after `replayed` replayed events. */
export interface ShardResumedEvent {
  /** The shard. */
  readonly shardId: number
  /** How many events the gateway replayed before RESUMED. */
  readonly replayed: number
}

/** `heartbeat`: a heartbeat was acknowledged. */
export interface ShardHeartbeatEvent {
  /** The shard. */
  readonly shardId: number
  /** Milliseconds from the heartbeat to its ACK. */
  readonly latency: number
}

/** `status`: the shard's status changed. */
export interface ShardStatusEvent {
  /** The shard. */
  readonly shardId: number
  /** The status now. */
  readonly status: ShardStatus
  /** The status before. */
  readonly previous: ShardStatus
}

/** `debug`: a structured diagnostic. Never holds the token. */
export interface ShardDebugEvent {
  /** The shard. */
  readonly shardId: number
  /** What happened, for humans. */
  readonly message: string
  /** The opcode concerned, if any. */
  readonly op?: number
  /** The sequence concerned, if any. */
  readonly sequence?: number | null
}

/** The events of a `Shard` and their arguments. */
export interface ShardEventMap {
  /** A socket opened. */
  open: [event: ShardOpenEvent]
  /** A connection ended; `reconnect` says whether the shard carries on by itself. */
  close: [event: ShardCloseEvent]
  /** Emitted only when someone listens: fatal errors also reject `connect()` and set `status` to `fatal`. */
  error: [error: ShardwireError]
  /** READY arrived: a new session started. */
  ready: [event: ShardReadyEvent]
  /** RESUMED arrived: the session was resumed. */
  resumed: [event: ShardResumedEvent]
  /** Every dispatch, exactly once and in order per session, READY and RESUMED included. */
  dispatch: [payload: ShardDispatch, shardId: number]
  /** Every payload received, for debugging. */
  receive: [payload: GatewayPayload, shardId: number]
  /** Every payload sent, for debugging; identify and resume show `[redacted]` for the token. */
  send: [payload: OutgoingPayload, shardId: number]
  /** A heartbeat was acknowledged. */
  heartbeat: [event: ShardHeartbeatEvent]
  /** The shard's status changed. */
  status: [event: ShardStatusEvent]
  /** A structured diagnostic; never holds the token. */
  debug: [event: ShardDebugEvent]
}
