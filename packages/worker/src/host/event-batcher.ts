import type { MessagePort } from 'node:worker_threads'
import type { ShardDispatch } from '@shardwire/core'
import type { EventBatch, EventFilter, ForwardedText } from '../bridge/bridge-api.js'

/**
 * Forwards dispatches to the main thread on the events channel, one message per tick: the
 * fixed cost of a message dominates small events (see PERFORMANCE.md), so a tick's events
 * share one. Events the filter does not name never leave the worker; JSON dispatches travel as
 * their text (a string copy, not an object clone), READY decoded.
 */
export class EventBatcher {
  readonly #port: MessagePort
  #names: ReadonlySet<string> | null
  #batch: (readonly [number, ShardDispatch | ForwardedText])[] = []
  #immediate: NodeJS.Immediate | null = null
  #timeout: NodeJS.Timeout | null = null
  readonly #intervalMs: number
  readonly #posted: () => void
  /** When the last batch left, `performance.now()`. */
  #lastFlush = Number.NEGATIVE_INFINITY
  #forwarded = 0
  #held = 0

  /**
   * @param intervalMs - least time between two batches: each message wakes the main thread, and
   *   at a few events per tick that wake-up, not the events, is most of its cost
   */
  /** @param posted - called after each batch is posted */
  constructor(port: MessagePort, filter: EventFilter, intervalMs = 0, posted: () => void = () => {}) {
    this.#port = port
    this.#intervalMs = intervalMs
    this.#posted = posted
    this.#names = filter === null ? null : new Set(filter)
  }

  /** Dispatches forwarded so far. */
  get forwarded(): number {
    return this.#forwarded
  }

  /** Dispatches queued and not yet posted. */
  get pending(): number {
    return this.#batch.length
  }

  /** Dispatches the filter held back so far. */
  get held(): number {
    return this.#held
  }

  /** Replaces the forwarded names; null forwards everything. */
  setFilter(filter: EventFilter): void {
    this.#names = filter === null ? null : new Set(filter)
  }

  /** Whether dispatches named `name` are forwarded. */
  accepts(name: string): boolean {
    return this.#names === null || this.#names.has(name)
  }

  /**
   * Queues a dispatch of shard `shardId` for this tick's batch, unless filtered out.
   * @param text - the JSON text it was read from, sent instead of the object when given
   */
  push(shardId: number, payload: ShardDispatch, text?: string): void {
    if (!this.accepts(payload.t)) {
      this.#held++
      return
    }
    this.#batch.push([shardId, text === undefined || payload.t === 'READY' ? payload : { op: 0, t: payload.t, s: payload.s, text }])
    if (this.#immediate === null && this.#timeout === null) this.#schedule()
  }

  #schedule(): void {
    const wait = this.#lastFlush + this.#intervalMs - performance.now()
    // setImmediate runs after this turn's I/O callbacks: every socket read in the turn shares the batch.
    if (wait <= 0) this.#immediate = setImmediate(() => this.flush())
    else this.#timeout = setTimeout(() => this.flush(), wait)
  }

  /** Posts the batch now. */
  flush(): void {
    if (this.#immediate !== null) clearImmediate(this.#immediate)
    if (this.#timeout !== null) clearTimeout(this.#timeout)
    this.#immediate = null
    this.#timeout = null
    if (this.#batch.length === 0) return
    const batch: EventBatch = this.#batch
    this.#batch = []
    this.#forwarded += batch.length
    this.#lastFlush = performance.now()
    this.#port.postMessage(batch)
    this.#posted()
  }
}
