import type {
  ConnectionRecord,
  DispatchRecord,
  FaultRecord,
  HeartbeatRecord,
  IdentifyRecord,
  ResumeRecord,
  ViolationRecord,
} from './records/record-types.js'

/** A session reached READY. */
export interface ReadyEvent {
  /** The connection that identified. */
  readonly connectionId: number
  /** The new session's id. */
  readonly sessionId: string
  /** `[shard_id, num_shards]`. */
  readonly shard: readonly [number, number]
}

/** A dispatch was given a sequence on a session. */
export interface DispatchEvent extends DispatchRecord {
  /** The session that sequenced it. */
  readonly sessionId: string
}

/** The server went down or came back during a restart. */
export interface RestartEvent {
  /** Clock time of the phase change. */
  readonly at: number
  /** `down` once every socket is dropped, `up` once listening again. */
  readonly phase: 'down' | 'up'
}

/**
 * The events a simulator emits, with their payloads (a Node `EventEmitter` event map).
 * Records are the live objects also kept in `sim.records`.
 */
export interface SimulatorEventMap {
  /** A socket was accepted (its record is still open). */
  connection: [record: ConnectionRecord]
  /** A socket closed, by either side or by a drop. */
  close: [record: ConnectionRecord]
  /** An IDENTIFY arrived, with its outcome (READY sent, or why not). */
  identify: [record: IdentifyRecord]
  /** A session started: READY was sent. */
  ready: [event: ReadyEvent]
  /** A RESUME arrived, with its outcome. */
  resume: [record: ResumeRecord]
  /** A heartbeat arrived. */
  heartbeat: [record: HeartbeatRecord]
  /** A client broke one of Discord's rules (see `violationRules`). */
  violation: [record: ViolationRecord]
  /** A dispatch was sent to a session. */
  dispatch: [event: DispatchEvent]
  /** A fault was injected. */
  fault: [record: FaultRecord]
  /** The simulator restarted (`restart()` or a `restart` fault). */
  restart: [event: RestartEvent]
}
