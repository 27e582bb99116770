import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import { InvalidOptionError, rethrowLater, ShardwireError, type IdentifyQueue, type IdentifyWaitOptions } from '@shardwire/core'
import { reconnectDelay } from './reconnect-delay.js'
import { defineIdentifyCommands, type IdentifyCommands, type PollReply } from './identify-scripts.js'
import { closeRedis, openRedis } from './open-redis.js'
import type { RedisIdentifyQueueEvents } from './redis-identify-queue-events.js'
import { resolveRedisIdentifyQueueOptions, type RedisIdentifyQueueOptions, type ResolvedRedisIdentifyQueueOptions } from './redis-identify-queue-options.js'

/** The daily session start budget, from `session_start_limit` in `GET /gateway/bot`. */
export interface SessionStartLimit {
  /** Session starts left now. */
  readonly remaining: number
  /** Session starts per period, restored at each reset. */
  readonly total: number
  /** Milliseconds until the next reset (`reset_after`). */
  readonly resetAfterMs: number
}

interface Waiter {
  readonly shardId: number
  readonly bucket: number
  readonly ticket: string
  readonly resolve: () => void
  readonly reject: (error: ShardwireError) => void
  readonly timer: NodeJS.Timeout | null
  readonly signal: AbortSignal | undefined
  readonly onAbort: () => void
  settled: boolean
  failures: number
  reportedResetAt: number
  sleep: NodeJS.Timeout | null
  wake: (() => void) | null
}

interface KnownBudget { readonly remaining: number; readonly total: number; readonly resetAt: number }

let instances = 0

/**
 * An {@link IdentifyQueue} shared by every process and machine running one bot, through Redis:
 * buckets `shard_id % maxConcurrency` grant once per window for all processes together, each
 * bucket serves its waiters first come first served (in order of arrival at Redis), a waiter's
 * place is a lease it renews (a dead process leaves the line within `leaseMs`), and the daily
 * session start budget is spent atomically, never below the reserve.
 *
 * Every check-and-update is one Lua script timed by Redis `TIME`, so machines with skewed clocks
 * still agree. Without Redis nothing is granted: waiters retry until it is back (or their own
 * time bound passes), and a Redis that comes back empty holds every bucket for one window.
 *
 * @example
 * ```ts
 * const queue = await RedisIdentifyQueue.connect({ url: 'redis://127.0.0.1:6379/0', keyPrefix: 'mybot:', maxConcurrency: 16 })
 * ```
 */
export class RedisIdentifyQueue extends EventEmitter<RedisIdentifyQueueEvents> implements IdentifyQueue {
  /** How many buckets identify in parallel. */
  readonly maxConcurrency: number
  /** How long a bucket stays spent after a grant, in milliseconds. */
  readonly windowMs: number
  readonly #options: ResolvedRedisIdentifyQueueOptions
  readonly #redis: Redis & IdentifyCommands
  readonly #waiters = new Set<Waiter>()
  readonly #instance = `${process.pid}.${++instances}.${Math.floor(Math.random() * 2 ** 32).toString(36)}`
  #tickets = 0
  #closed = false
  #budget: KnownBudget | null = null

  /**
   * Connects to Redis and prepares the queue's state. Rejects with `INVALID_OPTION` for a bad
   * option, or `REDIS_UNAVAILABLE` when Redis is not reachable within `connectTimeoutMs`.
   */
  static async connect(options: RedisIdentifyQueueOptions): Promise<RedisIdentifyQueue> {
    const resolved = resolveRedisIdentifyQueueOptions(options)
    let queue: RedisIdentifyQueue | undefined
    const redis = defineIdentifyCommands(await openRedis(resolved.connection, {
      onLost: (cause) => { if (queue !== undefined) queue.#onLost(cause) },
      onReconnecting: (attempt, delayMs) => { if (queue !== undefined) queue.#emitSafe('reconnecting', { attempt, delayMs }) },
      onRestored: () => { if (queue !== undefined) queue.#onRestored() },
    }))
    queue = new RedisIdentifyQueue(resolved, redis)
    try {
      await redis.swIdentifyInit(queue.#key('state'), queue.#key('cooldown'), resolved.windowMs, resolved.coldStartCooldown ? '1' : '0')
    } catch (cause) {
      redis.disconnect()
      throw new ShardwireError('REDIS_UNAVAILABLE', 'Redis accepted the connection but did not run the identify queue setup', { cause })
    }
    return queue
  }

  private constructor(options: ResolvedRedisIdentifyQueueOptions, redis: Redis & IdentifyCommands) {
    super()
    this.#options = options
    this.#redis = redis
    this.maxConcurrency = options.maxConcurrency
    this.windowMs = options.windowMs
  }

  /** See {@link IdentifyQueue.waitForIdentify}. Also rejects with `REDIS_CLOSED` after {@link close}. */
  waitForIdentify(shardId: number, options: IdentifyWaitOptions): Promise<void> {
    const { signal, timeoutMs } = options
    if (!Number.isSafeInteger(shardId) || shardId < 0) {
      return Promise.reject(new InvalidOptionError('shardId', `expected an integer >= 0, got ${String(shardId)}`))
    }
    if (this.#closed) return Promise.reject(closedError())
    if (signal?.aborted) return Promise.reject(cancelled(shardId, signal))
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        shardId,
        bucket: shardId % this.maxConcurrency,
        ticket: `${this.#instance}.${++this.#tickets}.${shardId}`,
        resolve,
        reject,
        signal,
        // An infinite bound is allowed (and means no timer); any finite one is honoured.
        timer: Number.isFinite(timeoutMs) ? setTimeout(() => this.#settle(waiter, timedOut(shardId, timeoutMs)), Math.min(timeoutMs, 2 ** 31 - 1)) : null,
        onAbort: () => this.#settle(waiter, cancelled(shardId, signal!)),
        settled: false,
        failures: 0,
        reportedResetAt: -1,
        sleep: null,
        wake: null,
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.#waiters.add(waiter)
      void this.#serve(waiter)
    })
  }

  /**
   * See {@link IdentifyQueue.identifySent}: restarts the bucket's window in Redis, for every
   * process. Rejects with `REDIS_COMMAND_FAILED` when Redis cannot be reached (the grant's own
   * window still holds) or `REDIS_CLOSED` after {@link close}.
   */
  async identifySent(shardId: number): Promise<void> {
    if (!Number.isSafeInteger(shardId) || shardId < 0) throw new InvalidOptionError('shardId', `expected an integer >= 0, got ${String(shardId)}`)
    if (this.#closed) throw closedError()
    try {
      await this.#redis.swIdentifySent(this.#key(`${shardId % this.maxConcurrency}:next`), this.windowMs)
    } catch (error) {
      throw new ShardwireError('REDIS_COMMAND_FAILED', `Could not restart the identify window of shard ${shardId}'s bucket`, { cause: error })
    }
  }

  /**
   * Records the daily session start budget (`session_start_limit` from `GET /gateway/bot`) for
   * every process. Within one period the lower `remaining` wins, since another process may have
   * spent some after this answer was fetched.
   */
  async setSessionStartLimit(limit: SessionStartLimit): Promise<void> {
    const { remaining, total, resetAfterMs } = limit
    if (!Number.isSafeInteger(remaining) || remaining < 0) throw new InvalidOptionError('remaining', `expected an integer >= 0, got ${String(remaining)}`)
    if (!Number.isSafeInteger(total) || total < remaining) throw new InvalidOptionError('total', `expected an integer >= remaining (${remaining}), got ${String(total)}`)
    if (!Number.isSafeInteger(resetAfterMs) || resetAfterMs < 0) throw new InvalidOptionError('resetAfterMs', `expected an integer >= 0, got ${String(resetAfterMs)}`)
    if (this.#closed) throw closedError()
    try {
      const [stored, resetAt] = await this.#redis.swIdentifySetBudget(this.#key('budget'), remaining, total, resetAfterMs)
      this.#budget = { remaining: stored, total, resetAt }
    } catch (cause) {
      throw new ShardwireError('REDIS_COMMAND_FAILED', 'Could not record the session start budget in Redis', { cause })
    }
  }

  /**
   * Withdraws every pending wait (they reject with `REDIS_CLOSED`), gives their places in line
   * back and closes the connection. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const waiter of [...this.#waiters]) this.#settle(waiter, closedError())
    await closeRedis(this.#redis)
  }

  // One waiter's loop: ask Redis, then sleep as long as the answer says (never longer than a third
  // of the lease, so the place in line is renewed), until granted or settled.
  async #serve(waiter: Waiter): Promise<void> {
    const { leaseMs, windowMs, pollMs, sessionStartReserve, connection } = this.#options
    const renewMs = Math.floor(leaseMs / 3)
    while (!waiter.settled) {
      let reply: PollReply
      try {
        const seed = this.#budget
        reply = await this.#redis.swIdentifyPoll(
          ...this.#bucketKeys(waiter.bucket), waiter.ticket, leaseMs, windowMs, sessionStartReserve,
          seed?.remaining ?? '', seed?.total ?? '', seed?.resetAt ?? '',
        )
        waiter.failures = 0
      } catch (cause) {
        if (waiter.settled) return
        this.#emitError(new ShardwireError('REDIS_COMMAND_FAILED', `Shard ${waiter.shardId} could not ask Redis for an identify permit; retrying`, { cause }))
        await this.#sleep(waiter, reconnectDelay(waiter.failures++, connection.random, { baseMs: 100, maxMs: connection.backoff.maxMs }))
        continue
      }
      const [status, value, stateLost, remaining, resetAt, total] = reply
      if (stateLost === 1) this.#emitSafe('stateLost')
      if (remaining >= 0) this.#budget = { remaining, total, resetAt }
      if (status === 1) {
        // Granted while being withdrawn: give the window (and the session start) back if still unused.
        if (waiter.settled) return this.#refund(waiter.bucket, value, remaining >= 0)
        this.#settle(waiter)
        this.#emitSafe('granted', { shardId: waiter.shardId, bucket: waiter.bucket, grantedAt: value, remaining })
        return
      }
      if (waiter.settled) return
      if (status === 2 && waiter.reportedResetAt !== resetAt) {
        waiter.reportedResetAt = resetAt
        this.#emitSafe('sessionBudgetWait', { shardId: waiter.shardId, remaining, reserve: sessionStartReserve, resetAt, waitMs: value })
      }
      await this.#sleep(waiter, value < 0 ? pollMs : Math.min(value, renewMs))
    }
  }

  #sleep(waiter: Waiter, ms: number): Promise<void> {
    return new Promise((resolve) => {
      waiter.wake = resolve
      waiter.sleep = setTimeout(resolve, ms)
    })
  }

  #settle(waiter: Waiter, error?: ShardwireError): void {
    if (waiter.settled) return
    waiter.settled = true
    this.#waiters.delete(waiter)
    if (waiter.timer !== null) clearTimeout(waiter.timer)
    if (waiter.sleep !== null) clearTimeout(waiter.sleep)
    waiter.wake?.()
    waiter.signal?.removeEventListener('abort', waiter.onAbort)
    if (error === undefined) return waiter.resolve()
    // Leave the line now; if Redis is unreachable, the lease expires instead.
    const [, , , , line, lease] = this.#bucketKeys(waiter.bucket)
    this.#redis.swIdentifyLeave(line, lease, waiter.ticket).catch(() => {})
    waiter.reject(error)
  }

  #refund(bucket: number, grantedAt: number, spentBudget: boolean): void {
    const [, , , budget, , , next] = this.#bucketKeys(bucket)
    this.#redis.swIdentifyRefund(next, budget, String(grantedAt + this.windowMs), spentBudget ? '1' : '0').catch(() => {})
  }

  #onLost(cause: unknown): void {
    if (!this.#closed) this.#emitSafe('connectionLost', { cause })
  }

  // Waiters backing off after failed commands ask again at once.
  #onRestored(): void {
    if (this.#closed) return
    this.#emitSafe('reconnected')
    for (const waiter of this.#waiters) {
      if (waiter.failures > 0 && waiter.sleep !== null) {
        clearTimeout(waiter.sleep)
        waiter.wake?.()
      }
    }
  }

  #key(name: string): string {
    return `${this.#options.connection.keyPrefix}iq:${name}`
  }

  // In the order the poll script takes them: state, cooldown, seq, budget, line, lease, next.
  #bucketKeys(bucket: number): [string, string, string, string, string, string, string] {
    return [this.#key('state'), this.#key('cooldown'), this.#key('seq'), this.#key('budget'), this.#key(`${bucket}:line`), this.#key(`${bucket}:lease`), this.#key(`${bucket}:next`)]
  }

  // 'error' throws when unheard; a failed command is retried, so an unheard one is dropped.
  #emitError(error: ShardwireError): void {
    if (this.listenerCount('error') > 0) this.#emitSafe('error', error)
  }

  // A listener that throws must not break a waiter's loop: rethrown outside, as the listener's own.
  #emitSafe<E extends keyof RedisIdentifyQueueEvents>(name: E, ...args: RedisIdentifyQueueEvents[E]): void {
    try {
      ;(this.emit as (name: E, ...args: RedisIdentifyQueueEvents[E]) => boolean)(name, ...args)
    } catch (error) {
      rethrowLater(error)
    }
  }
}

function timedOut(shardId: number, timeoutMs: number): ShardwireError {
  return new ShardwireError('IDENTIFY_TIMEOUT', `Shard ${shardId} got no identify permit within ${timeoutMs} ms`)
}

function cancelled(shardId: number, signal: AbortSignal): ShardwireError {
  return new ShardwireError('IDENTIFY_CANCELLED', `Shard ${shardId} withdrew its identify request`, { cause: signal.reason })
}

function closedError(): ShardwireError {
  return new ShardwireError('REDIS_CLOSED', 'The Redis identify queue was closed')
}
