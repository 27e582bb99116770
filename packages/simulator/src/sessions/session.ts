import type { DispatchRecord, SessionRecord } from '../records/record-types.js'
import { intentsAllow } from '../rules/intents.js'

/** A dispatch as a session logs it for delivery and replay. */
export interface DispatchEntry extends DispatchRecord {
  readonly d: unknown
}

/** Where an attached session delivers its dispatches: the connection that owns it. */
export interface SessionSink {
  readonly connectionId: number
  deliver(entry: DispatchEntry): void
}

/** Where a session is, as a tagged union. */
export type SessionState =
  | { readonly kind: 'attached'; readonly sink: SessionSink }
  /** No connection: dispatches are buffered for a resume until the window passes. */
  | { readonly kind: 'detached'; readonly since: number }
  | { readonly kind: 'ended'; readonly at: number; readonly reason: string }

/** What a session is created from. */
export interface SessionInit {
  readonly id: string
  readonly shard: readonly [number, number]
  readonly intents: number
  readonly largeThreshold: number
  readonly createdAt: number
  /** Dispatches kept for replay; older ones make a resume from before them invalid. */
  readonly replayLimit: number
  /**
   * Dispatch records kept in `record.dispatches`; past it the oldest quarter is dropped.
   * @defaultValue unlimited
   */
  readonly dispatchRecordLimit?: number
  readonly record: SessionRecord
  /** Called after each dispatch is logged (the simulator emits its `dispatch` event here). */
  readonly onDispatch?: (session: Session, entry: DispatchEntry) => void
}

/**
 * One gateway session: its sequence counter and its log of dispatches. Sequences start at 1
 * (READY) and grow by one per dispatch, so a resume can replay from any `seq + 1`.
 */
export class Session {
  readonly id: string
  readonly shard: readonly [number, number]
  readonly intents: number
  readonly largeThreshold: number
  readonly record: SessionRecord
  #state: SessionState
  #seq = 0
  // The replay log, oldest first, starting at #head; compacted now and then rather than
  // shifted on every dispatch, which would be O(n) each time.
  #log: DispatchEntry[] = []
  #head = 0
  readonly #replayLimit: number
  readonly #recordLimit: number
  readonly #onDispatch: ((session: Session, entry: DispatchEntry) => void) | undefined

  constructor(init: SessionInit, sink: SessionSink) {
    this.id = init.id
    this.shard = init.shard
    this.intents = init.intents
    this.largeThreshold = init.largeThreshold
    this.record = init.record
    this.#replayLimit = init.replayLimit
    this.#recordLimit = init.dispatchRecordLimit ?? Number.POSITIVE_INFINITY
    this.#onDispatch = init.onDispatch
    this.#state = { kind: 'attached', sink }
  }

  /** The shard id. */
  get shardId(): number {
    return this.shard[0]
  }

  /** The last sequence given out (0 before READY). */
  get seq(): number {
    return this.#seq
  }

  /** Attached, detached or ended. */
  get state(): SessionState {
    return this.#state
  }

  /**
   * Gives the dispatch the next sequence, logs it and delivers it if a connection is attached.
   * Returns null, and sends nothing, when the session has ended or its intents exclude `t`.
   */
  dispatch(t: string, d: unknown): DispatchEntry | null {
    if (this.#state.kind === 'ended' || !intentsAllow(this.intents, t)) return null
    const entry: DispatchEntry = { s: ++this.#seq, t, d }
    this.#log.push(entry)
    if (this.#log.length - this.#head > this.#replayLimit) this.#head++
    if (this.#head > 1024 && this.#head * 2 > this.#log.length) {
      this.#log = this.#log.slice(this.#head)
      this.#head = 0
    }
    this.#recordDispatch({ s: entry.s, t })
    this.#onDispatch?.(this, entry)
    if (this.#state.kind === 'attached') this.#state.sink.deliver(entry)
    return entry
  }

  // Trimming a quarter at a time keeps each dispatch O(1) amortized; splicing one record per
  // dispatch would move the whole array every time.
  #recordDispatch(dispatch: DispatchRecord): void {
    const { record } = this
    record.dispatches.push(dispatch)
    if (record.dispatches.length > this.#recordLimit) {
      const drop = record.dispatches.length - Math.floor((this.#recordLimit * 3) / 4)
      record.dispatches.splice(0, drop)
      record.droppedDispatches += drop
    }
  }

  /**
   * The dispatches after `seq`, in order, or null when `seq` is beyond the last sequence or
   * older than what the log still holds.
   */
  replayAfter(seq: number): DispatchEntry[] | null {
    if (seq > this.#seq) return null
    const oldest = this.#log[this.#head]?.s ?? this.#seq + 1
    if (seq + 1 < oldest) return null
    return this.#log.slice(this.#head + seq + 1 - oldest)
  }

  /** Hands the session to a connection (after a resume). */
  attach(sink: SessionSink): void {
    if (this.#state.kind === 'ended') return
    this.#state = { kind: 'attached', sink }
  }

  /** Leaves the session without a connection; only the owning connection may detach it. */
  detach(connectionId: number, now: number): void {
    if (this.#state.kind === 'attached' && this.#state.sink.connectionId === connectionId) {
      this.#state = { kind: 'detached', since: now }
    }
  }

  /** Ends the session for good: it can no longer be resumed. */
  end(now: number, reason: string): void {
    if (this.#state.kind === 'ended') return
    this.#state = { kind: 'ended', at: now, reason }
    this.record.endedAt = now
    this.record.endReason = reason
    this.#log = []
    this.#head = 0
  }
}
