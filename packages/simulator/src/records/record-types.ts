import type { Fault } from '../faults/fault.js'
import type { GatewayQuery } from '../rules/gateway-query.js'
import type { SendWindowCount } from '../rules/send-rate-window.js'
import type { ViolationKind } from '../rules/violations.js'

/** How an identify ended. */
export type IdentifyOutcome =
  /** READY was sent. */
  | 'ready'
  /** Refused with op 9: the shard's concurrency bucket was spent. */
  | 'rate-limited'
  /** Refused with 4004: no session starts left. */
  | 'budget-exhausted'
  /** Refused with a close: bad shape, token, shard or intents. */
  | 'rejected'

/** One identify the simulator received. */
export interface IdentifyRecord {
  /** Clock time it arrived, in milliseconds. */
  readonly at: number
  /** The connection it arrived on (see `ConnectionRecord.id`). */
  readonly connectionId: number
  /** `[shard_id, num_shards]`, or null when the payload was too malformed to tell. */
  readonly shard: readonly [number, number] | null
  /** `shard_id % max_concurrency`, or null with `shard`. */
  readonly bucket: number | null
  /** How it ended. */
  readonly outcome: IdentifyOutcome
  /** The session started, when `outcome` is `ready`. */
  readonly sessionId: string | null
}

/** One heartbeat (op 1) the simulator received. */
export interface HeartbeatRecord {
  /** Clock time, in milliseconds. */
  readonly at: number
  /** The connection it arrived on (see `ConnectionRecord.id`). */
  readonly connectionId: number
  /** The sequence the client sent. */
  readonly d: number | null
  /** False when a zombie fault swallowed the ACK. */
  readonly acked: boolean
}

/** How a resume ended. */
export type ResumeOutcome = 'resumed' | 'unknown-session' | 'invalid-seq' | 'rejected'

/** One resume (op 6) the simulator received. */
export interface ResumeRecord {
  /** Clock time, in milliseconds. */
  readonly at: number
  /** The connection it arrived on (see `ConnectionRecord.id`). */
  readonly connectionId: number
  /** The `session_id` sent, or null when the payload was malformed. */
  readonly sessionId: string | null
  /** The `seq` sent, or null when the payload was malformed. */
  readonly seq: number | null
  /** How it ended. */
  readonly outcome: ResumeOutcome
  /** Dispatches replayed before RESUMED. */
  readonly replayed: number
  /** Whether the socket was opened on the session's `resume_gateway_url`. */
  readonly onResumeUrl: boolean
}

/** One broken rule. */
export interface ViolationRecord {
  /** Clock time, in milliseconds. */
  readonly at: number
  /** The connection that broke it. */
  readonly connectionId: number
  /** Which rule was broken. */
  readonly kind: ViolationKind
  /** What exactly was wrong, for humans. */
  readonly detail: string
  /** The shard of the connection's session, when it had one. */
  readonly shardId: number | null
}

/** Who ended a connection. */
export type ClosedBy = 'server' | 'client' | 'drop'

/** Everything recorded about one socket. Mutable while it is open. */
export interface ConnectionRecord {
  /** Connection id: 1 for the first socket, counting up. */
  readonly id: number
  /** Clock time the socket was accepted. */
  readonly openedAt: number
  /** Clock time it closed (server side: when the close was decided), or null while open. */
  closedAt: number | null
  /** The close code seen on the socket (1006 for a drop), or null while open. */
  closeCode: number | null
  /** The close reason. */
  closeReason: string
  /** Who ended it, or null while open. */
  closedBy: ClosedBy | null
  /** Path and query the client connected with. */
  readonly url: string
  /** The parsed query, or null when it was refused. */
  readonly query: GatewayQuery | null
  /** Whether the socket was opened on the resume URL. */
  readonly onResumeUrl: boolean
  /** Transport compressor in use (`node:zlib`, `zstd-napi`), or null. */
  compressorBackend: string | null
  /** `[shard_id, num_shards]` of its (last) session, or null. */
  shard: readonly [number, number] | null
  /** Its (last) session, or null. */
  sessionId: string | null
  /** Identifies received on this socket. */
  readonly identifies: IdentifyRecord[]
  /** Heartbeats received on this socket, with their `d`. */
  readonly heartbeats: HeartbeatRecord[]
  /** Resumes received on this socket. */
  readonly resumes: ResumeRecord[]
  /** Payloads received per fixed send window. */
  sendWindows: readonly SendWindowCount[]
  /** Rules this socket broke. */
  readonly violations: ViolationRecord[]
  /** Payloads received, by opcode. */
  readonly opsReceived: Record<number, number>
}

/** One dispatch sent on a session: what a client must see exactly once, in order. */
export interface DispatchRecord {
  /** Sequence number. */
  readonly s: number
  /** Event name. */
  readonly t: string
}

/** Everything recorded about one session. */
export interface SessionRecord {
  /** The `session_id` READY handed out. */
  readonly sessionId: string
  /** `[shard_id, num_shards]` it identified with. */
  readonly shard: readonly [number, number]
  /** Clock time of the identify that started it. */
  readonly createdAt: number
  /**
   * Every dispatch given a sequence, in order, READY and RESUMED included; at most the
   * simulator's `dispatchRecordLimit` most recent ones (older ones are counted in
   * `droppedDispatches`, so `dispatches[0].s` is `droppedDispatches + 1`).
   */
  readonly dispatches: DispatchRecord[]
  /** Dispatch records dropped from the front of `dispatches` to honour `dispatchRecordLimit`. */
  droppedDispatches: number
  /** Accepted resumes. */
  resumes: number
  /** Clock time it ended (no longer resumable), or null. */
  endedAt: number | null
  /** Why it ended, or null. */
  endReason: string | null
}

/** Which connections a fault targets: one shard's, or all. */
export interface FaultTarget {
  /** Only connections whose session is on this shard id; every open connection when absent. */
  readonly shard?: number
}

/** One fault the simulator injected. */
export interface FaultRecord {
  /** Clock time, in milliseconds. */
  readonly at: number
  /** The fault injected. */
  readonly fault: Fault
  /** The target it was aimed at. */
  readonly target: FaultTarget
  /** The connections it hit (empty for `restart`). */
  readonly connectionIds: readonly number[]
}
