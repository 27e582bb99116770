// Delivery accounting: what reached the main thread, per session, checked for exactly-once
// and in-order delivery, then compared with what the simulator recorded as sent.
import type { SimulatorRecords } from '@shardwire/simulator'

/** One session's deliveries. */
interface SessionTally {
  readonly shardId: number
  /** The highest sequence delivered in order so far (0 before the first). */
  lastSequence: number
  delivered: number
  /** Sequences skipped over: a later one arrived before them. */
  gaps: number
  /** Sequences delivered at or below one already delivered: duplicates or late arrivals. */
  outOfOrder: number
  /** Deliveries whose event name differs from what the simulator sent with that sequence. */
  mismatched: number
}

/** Looks up the event name the gateway sent with sequence `s` on a session, when known. */
export type SentName = (sessionId: string, s: number) => string | undefined

/**
 * Counts every dispatch delivered on the main thread and checks, as it goes, that each session's
 * sequences arrive exactly once and in order (1, 2, 3…: READY and RESUMED included).
 */
export class DeliveryLedger {
  readonly #sessions = new Map<string, SessionTally>()
  readonly #current = new Map<number, string>()
  readonly #sentName: SentName | null
  #delivered = 0

  /** @param sentName - checks names too (the simulator's records); null when they are unknown (live) */
  constructor(sentName: SentName | null = null) {
    this.#sentName = sentName
  }

  /** Dispatches delivered so far, every session together. */
  get delivered(): number {
    return this.#delivered
  }

  /**
   * Notes one delivered dispatch of shard `shardId`. `readySessionId` is READY's `session_id`
   * (a new session starts), null for every other event (it belongs to the shard's current session).
   */
  note(shardId: number, s: number | null, t: string, readySessionId: string | null): void {
    this.#delivered++
    if (readySessionId !== null) {
      this.#current.set(shardId, readySessionId)
      this.#sessions.set(readySessionId, { shardId, lastSequence: 0, delivered: 0, gaps: 0, outOfOrder: 0, mismatched: 0 })
    }
    const sessionId = this.#current.get(shardId)
    const tally = sessionId === undefined ? undefined : this.#sessions.get(sessionId)
    if (sessionId === undefined || tally === undefined || s === null) return
    tally.delivered++
    if (s <= tally.lastSequence) tally.outOfOrder++
    else {
      tally.gaps += s - tally.lastSequence - 1
      tally.lastSequence = s
    }
    const sent = this.#sentName?.(sessionId, s)
    if (sent !== undefined && sent !== t) tally.mismatched++
  }

  /** The session shard `shardId` is on, as its last READY said; null before one. */
  currentSession(shardId: number): string | null {
    return this.#current.get(shardId) ?? null
  }

  /** The highest sequence delivered in order on a session (0 before the first). */
  lastSequence(sessionId: string): number {
    return this.#sessions.get(sessionId)?.lastSequence ?? 0
  }

  /** Every session seen, with its tally. */
  sessions(): ReadonlyMap<string, Readonly<SessionTally>> {
    return this.#sessions
  }
}

/** The part of the simulator's records that accounting reads: what was sent on each session. */
export type SentRecords = Pick<SimulatorRecords, 'session' | 'sessions'>

/** The outcome of comparing deliveries with the simulator's records. */
export interface LossReport {
  /** Dispatches the simulator sequenced, over every session. */
  readonly sent: number
  /** Dispatches delivered on the main thread. */
  readonly delivered: number
  /** Sequences the simulator sent that never arrived in order (skipped, or still missing). */
  readonly lost: number
  /** Deliveries that repeated or went back on a sequence. */
  readonly outOfOrder: number
  /** Deliveries whose name differs from what was sent with that sequence. */
  readonly mismatched: number
  readonly sessions: number
}

/** The last sequence the simulator gave out on a session (READY and RESUMED included). */
export function lastSentSequence(records: SentRecords, sessionId: string): number {
  const record = records.session(sessionId)
  if (record === undefined) return 0
  return record.dispatches.at(-1)?.s ?? record.droppedDispatches
}

/** A {@link SentName} reading the simulator's records (older dispatches may have been dropped from them). */
export function sentNameFrom(records: SentRecords): SentName {
  return (sessionId, s) => {
    const record = records.session(sessionId)
    return record?.dispatches[s - record.droppedDispatches - 1]?.t
  }
}

/** Whether shard `shardId` has delivered everything sent on its current session. */
export function caughtUp(ledger: DeliveryLedger, records: SentRecords, shardId: number): boolean {
  const sessionId = ledger.currentSession(shardId)
  return sessionId !== null && ledger.lastSequence(sessionId) === lastSentSequence(records, sessionId)
}

/** Compares what was delivered with everything the simulator recorded as sent, session by session. */
export function lossReport(ledger: DeliveryLedger, records: SentRecords): LossReport {
  let sent = 0
  let lost = 0
  let outOfOrder = 0
  let mismatched = 0
  const tallies = ledger.sessions()
  for (const sessionId of records.sessions.keys()) {
    const last = lastSentSequence(records, sessionId)
    const tally = tallies.get(sessionId)
    sent += last
    lost += (tally?.gaps ?? 0) + Math.max(0, last - (tally?.lastSequence ?? 0))
    outOfOrder += tally?.outOfOrder ?? 0
    mismatched += tally?.mismatched ?? 0
  }
  return { sent, delivered: ledger.delivered, lost, outOfOrder, mismatched, sessions: records.sessions.size }
}
