import { InvalidOptionError, ShardwireError } from '../errors.js'
import { systemClock, type Clock } from './clock.js'
import type { IdentifyQueue, IdentifyWaitOptions } from './identify-queue.js'

/** Options of {@link LocalIdentifyQueue}. */
export interface LocalIdentifyQueueOptions {
  /**
   * `session_start_limit.max_concurrency` from `GET /gateway/bot`: how many buckets identify in parallel.
   * @defaultValue 1
   */
  maxConcurrency?: number
  /**
   * How long a bucket stays spent after a grant. Discord's is 5 s; a little more absorbs
   * network jitter between two identifies of one bucket.
   * @defaultValue 5000
   */
  windowMs?: number
  /**
   * The clock, injected for tests.
   * @defaultValue the process clock
   */
  clock?: Clock
}

interface Waiter {
  readonly shardId: number
  readonly resolve: () => void
  readonly reject: (error: ShardwireError) => void
  readonly timer: unknown
  readonly signal: AbortSignal | undefined
  readonly onAbort: () => void
}

/**
 * An {@link IdentifyQueue} for shards that all live in one process: Discord's buckets
 * (`shard_id % max_concurrency`), one grant per bucket per window, first come first served
 * within a bucket, and buckets served in ascending order when several come due together.
 */
export class LocalIdentifyQueue implements IdentifyQueue {
  /** How many buckets identify in parallel. */
  readonly maxConcurrency: number
  /** How long a bucket stays spent after a grant, in milliseconds. */
  readonly windowMs: number
  readonly #clock: Clock
  readonly #waiting: Waiter[][]
  readonly #spentUntil: number[]
  #timer: unknown = null
  #timerAt = Infinity

  constructor(options: LocalIdentifyQueueOptions = {}) {
    const { maxConcurrency = 1, windowMs = 5000, clock = systemClock } = options
    if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 1) {
      throw new InvalidOptionError('maxConcurrency', `expected an integer of at least 1, got ${String(maxConcurrency)}`)
    }
    if (!Number.isFinite(windowMs) || windowMs < 0) {
      throw new InvalidOptionError('windowMs', `expected a finite number of milliseconds >= 0, got ${String(windowMs)}`)
    }
    this.maxConcurrency = maxConcurrency
    this.windowMs = windowMs
    this.#clock = clock
    this.#waiting = Array.from({ length: maxConcurrency }, () => [])
    this.#spentUntil = Array.from({ length: maxConcurrency }, () => -Infinity)
  }

  /** See {@link IdentifyQueue.waitForIdentify}. */
  waitForIdentify(shardId: number, options: IdentifyWaitOptions): Promise<void> {
    const { signal, timeoutMs } = options
    if (!Number.isSafeInteger(shardId) || shardId < 0) {
      return Promise.reject(new InvalidOptionError('shardId', `expected an integer >= 0, got ${String(shardId)}`))
    }
    if (signal?.aborted) return Promise.reject(cancelled(shardId, signal))
    return new Promise<void>((resolve, reject) => {
      const bucket = shardId % this.maxConcurrency
      const waiter: Waiter = {
        shardId,
        resolve,
        reject,
        signal,
        // An infinite bound is allowed (and means no timer); any finite one is honoured.
        timer: Number.isFinite(timeoutMs)
          ? this.#clock.setTimeout(() => this.#drop(bucket, waiter, timedOut(shardId, timeoutMs)), timeoutMs)
          : null,
        onAbort: () => this.#drop(bucket, waiter, cancelled(shardId, signal!)),
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.#waiting[bucket]!.push(waiter)
      this.#pump()
    })
  }

  /** See {@link IdentifyQueue.identifySent}: the bucket stays spent a whole window from now. */
  identifySent(shardId: number): void {
    if (!Number.isSafeInteger(shardId) || shardId < 0) return
    const bucket = shardId % this.maxConcurrency
    this.#spentUntil[bucket] = Math.max(this.#spentUntil[bucket]!, this.#clock.now() + this.windowMs)
    this.#pump()
  }

  // Grants every bucket that is due, in ascending bucket order, then sleeps until the next is due.
  #pump(): void {
    const now = this.#clock.now()
    let nextAt = Infinity
    for (let bucket = 0; bucket < this.maxConcurrency; bucket++) {
      const queue = this.#waiting[bucket]!
      if (queue.length === 0) continue
      if (this.#spentUntil[bucket]! <= now) {
        this.#spentUntil[bucket] = now + this.windowMs
        this.#settle(queue.shift()!)
      }
      if (queue.length > 0) nextAt = Math.min(nextAt, this.#spentUntil[bucket]!)
    }
    this.#schedule(nextAt, now)
  }

  #schedule(at: number, now: number): void {
    if (at === this.#timerAt) return
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer)
    this.#timer = null
    this.#timerAt = at
    if (at === Infinity) return
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null
      this.#timerAt = Infinity
      this.#pump()
    }, Math.max(0, at - now))
  }

  // A waiter that leaves its queue without a grant spends nothing.
  #drop(bucket: number, waiter: Waiter, error: ShardwireError): void {
    const queue = this.#waiting[bucket]!
    const index = queue.indexOf(waiter)
    if (index === -1) return
    queue.splice(index, 1)
    this.#settle(waiter, error)
    this.#pump()
  }

  #settle(waiter: Waiter, error?: ShardwireError): void {
    if (waiter.timer !== null) this.#clock.clearTimeout(waiter.timer)
    waiter.signal?.removeEventListener('abort', waiter.onAbort)
    if (error === undefined) waiter.resolve()
    else waiter.reject(error)
  }
}

function timedOut(shardId: number, timeoutMs: number): ShardwireError {
  return new ShardwireError('IDENTIFY_TIMEOUT', `Shard ${shardId} got no identify permit within ${timeoutMs} ms`)
}

function cancelled(shardId: number, signal: AbortSignal): ShardwireError {
  return new ShardwireError('IDENTIFY_CANCELLED', `Shard ${shardId} withdrew its identify request`, { cause: signal.reason })
}
