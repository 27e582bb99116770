import type { EventEmitter } from 'node:events'
import { violationKinds, type ViolationKind } from '../rules/violations.js'
import type { SimulatorEventMap } from '../simulator-events.js'
import type {
  ConnectionRecord,
  FaultRecord,
  HeartbeatRecord,
  IdentifyRecord,
  ResumeRecord,
  SessionRecord,
  ViolationRecord,
} from './record-types.js'

/** What the simulator observed, for tests to assert on. Arrays are in arrival order. */
export interface SimulatorRecords {
  /** Every socket accepted, in order. */
  readonly connections: readonly ConnectionRecord[]
  /** Every identify, across connections. */
  readonly identifies: readonly IdentifyRecord[]
  /** Every resume, across connections. */
  readonly resumes: readonly ResumeRecord[]
  /** Every violation, across connections. */
  readonly violations: readonly ViolationRecord[]
  /** How many times each rule was broken. */
  readonly violationCounts: Readonly<Record<ViolationKind, number>>
  /** Every session ever started, by id. */
  readonly sessions: ReadonlyMap<string, SessionRecord>
  /** Every fault injected. */
  readonly faults: readonly FaultRecord[]
  /** A connection's record by id. */
  connection(id: number): ConnectionRecord | undefined
  /** A session's record by id. */
  session(sessionId: string): SessionRecord | undefined
}

/**
 * Keeps the records and emits the matching event for each. The gateway writes through it;
 * users read it as {@link SimulatorRecords}.
 */
export class Recorder implements SimulatorRecords {
  readonly connections: ConnectionRecord[] = []
  readonly identifies: IdentifyRecord[] = []
  readonly resumes: ResumeRecord[] = []
  readonly violations: ViolationRecord[] = []
  readonly violationCounts = Object.fromEntries(violationKinds.map((kind) => [kind, 0])) as Record<ViolationKind, number>
  readonly sessions = new Map<string, SessionRecord>()
  readonly faults: FaultRecord[] = []
  readonly #byId = new Map<number, ConnectionRecord>()
  readonly #events: EventEmitter<SimulatorEventMap>

  constructor(events: EventEmitter<SimulatorEventMap>) {
    this.#events = events
  }

  /** {@inheritDoc SimulatorRecords.connection} */
  connection(id: number): ConnectionRecord | undefined {
    return this.#byId.get(id)
  }

  /** {@inheritDoc SimulatorRecords.session} */
  session(sessionId: string): SessionRecord | undefined {
    return this.sessions.get(sessionId)
  }

  /** A socket was accepted. */
  opened(record: ConnectionRecord): void {
    this.connections.push(record)
    this.#byId.set(record.id, record)
    this.#events.emit('connection', record)
  }

  /** A socket closed (its record is final). */
  closed(record: ConnectionRecord): void {
    this.#events.emit('close', record)
  }

  /** An identify arrived. */
  identify(record: IdentifyRecord): void {
    this.identifies.push(record)
    this.#byId.get(record.connectionId)?.identifies.push(record)
    this.#events.emit('identify', record)
  }

  /** A heartbeat arrived. */
  heartbeat(record: HeartbeatRecord): void {
    this.#byId.get(record.connectionId)?.heartbeats.push(record)
    this.#events.emit('heartbeat', record)
  }

  /** A resume arrived. */
  resume(record: ResumeRecord): void {
    this.resumes.push(record)
    this.#byId.get(record.connectionId)?.resumes.push(record)
    this.#events.emit('resume', record)
  }

  /** A rule was broken: recorded, counted and emitted. */
  violation(record: ViolationRecord): void {
    this.violations.push(record)
    this.violationCounts[record.kind]++
    this.#byId.get(record.connectionId)?.violations.push(record)
    this.#events.emit('violation', record)
  }

  /** A session started (READY). */
  sessionStarted(record: SessionRecord): void {
    this.sessions.set(record.sessionId, record)
  }

  /** A fault was injected. */
  fault(record: FaultRecord): void {
    this.faults.push(record)
    this.#events.emit('fault', record)
  }
}
