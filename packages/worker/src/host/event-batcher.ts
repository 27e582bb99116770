import type { MessagePort } from 'node:worker_threads'
import type { ShardDispatch } from '@shardwire/core'
import type { EventBatch, EventFilter } from '../bridge/bridge-api.js'

/**
 * Forwards dispatches to the main thread on the events channel, one message per tick: the
 * fixed cost of a message dominates small events (see PERFORMANCE.md), so a tick's events
 * share one. Events the filter does not name never leave the worker.
 */
export class EventBatcher {
  readonly #port: MessagePort
  #names: ReadonlySet<string> | null
  #batch: (readonly [number, ShardDispatch])[] = []
  #scheduled: NodeJS.Immediate | null = null
  #forwarded = 0
  #held = 0

  constructor(port: MessagePort, filter: EventFilter) {
    this.#port = port
    this.#names = filter === null ? null : new Set(filter)
  }

  /** Dispatches forwarded so far. */
  get forwarded(): number {
    return this.#forwarded
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

  /** Queues a dispatch of shard `shardId` for this tick's batch, unless filtered out. */
  push(shardId: number, payload: ShardDispatch): void {
    if (!this.accepts(payload.t)) {
      this.#held++
      return
    }
    this.#batch.push([shardId, payload])
    // setImmediate runs after this turn's I/O callbacks: every socket read in the turn shares the batch.
    this.#scheduled ??= setImmediate(() => this.flush())
  }

  /** Posts the batch now. */
  flush(): void {
    if (this.#scheduled !== null) clearImmediate(this.#scheduled)
    this.#scheduled = null
    if (this.#batch.length === 0) return
    const batch: EventBatch = this.#batch
    this.#batch = []
    this.#forwarded += batch.length
    this.#port.postMessage(batch)
  }
}
