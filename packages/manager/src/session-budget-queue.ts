import { InvalidOptionError, ShardwireError, type Clock, type IdentifyQueue, type IdentifyWaitOptions } from '@shardwire/core'

/** `session_start_limit` as far as the budget needs it. */
export interface SessionStartBudget {
  /** Session starts allowed per reset period (`session_start_limit.total`). */
  readonly total: number
  /** Session starts left until the reset. */
  readonly remaining: number
  /** Milliseconds until `remaining` is refilled. */
  readonly reset_after: number
}

/** `identifyWaiting`: a shard waits for the session start budget to reset instead of exceeding it. */
export interface IdentifyWaitingEvent {
  /** The shard that waits. */
  readonly shardId: number
  /** Session starts left now (0 while waiting). */
  readonly remaining: number
  /** Milliseconds until the budget resets. */
  readonly waitMs: number
  /** Why it waits, for humans. */
  readonly reason: string
}

/** Options of {@link SessionBudgetQueue}. */
export interface SessionBudgetOptions {
  /**
   * Session starts never spent: requests wait for the reset once `remaining` is down to this,
   * leaving room for a manual restart.
   * @defaultValue 0
   */
  readonly reserve?: number
  /**
   * The clock, injected for tests.
   * @defaultValue the process clock
   */
  readonly clock?: Clock
}

const processClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/** What the budget asks of the manager. */
export interface SessionBudgetHooks {
  /** Fetches the budget anew (`GET /gateway/bot`) once the reset time has passed. */
  refresh(): Promise<SessionStartBudget>
  /** Tells the user why a shard waits; called once per shard per reset. */
  waiting(event: IdentifyWaitingEvent): void
}

// A reset seen a little late is harmless; one seen early would spend a start Discord does not have yet.
const resetMarginMs = 250
// When a refresh fails, assume Discord's daily window.
const defaultWindowMs = 24 * 60 * 60 * 1000

/**
 * Keeps identifies within the session start budget of `GET /gateway/bot` (`remaining` starts
 * per `reset_after`): a request passes on to the inner queue only while starts remain; the
 * others wait for the reset (Discord resets the token of a bot that exceeds it). Resumes are
 * free and never come here. A request that the inner queue rejects gives its start back.
 */
export class SessionBudgetQueue implements IdentifyQueue {
  readonly #inner: IdentifyQueue
  readonly #hooks: SessionBudgetHooks
  readonly #reserve: number
  readonly #clock: Clock
  #total: number
  #remaining: number
  #resetAt: number
  #refreshing: Promise<void> | null = null
  readonly #told = new Set<string>()

  /** @throws InvalidOptionError for a negative or fractional `reserve` */
  constructor(inner: IdentifyQueue, budget: SessionStartBudget, hooks: SessionBudgetHooks, options: SessionBudgetOptions = {}) {
    const { reserve = 0, clock = processClock } = options
    if (!Number.isSafeInteger(reserve) || reserve < 0) throw new InvalidOptionError('reserve', `expected an integer >= 0, got ${String(reserve)}`)
    this.#inner = inner
    this.#hooks = hooks
    this.#reserve = reserve
    this.#clock = clock
    this.#total = budget.total
    this.#remaining = budget.remaining
    this.#resetAt = clock.now() + budget.reset_after
  }

  /** Session starts this manager believes are left (the reserve included). */
  get remaining(): number {
    return this.#remaining
  }

  /** See {@link IdentifyQueue.waitForIdentify}. */
  async waitForIdentify(shardId: number, options: IdentifyWaitOptions): Promise<void> {
    const deadline = this.#clock.now() + options.timeoutMs
    for (;;) {
      if (options.signal?.aborted) throw new ShardwireError('IDENTIFY_CANCELLED', `Shard ${shardId} withdrew its identify request`, { cause: options.signal.reason })
      if (this.#remaining > this.#reserve) {
        this.#remaining--
        try {
          await this.#inner.waitForIdentify(shardId, { ...options, timeoutMs: Math.max(0, deadline - this.#clock.now()) })
        } catch (error) {
          this.#remaining++
          throw error
        }
        return
      }
      const waitMs = this.#resetAt + resetMarginMs - this.#clock.now()
      if (waitMs <= 0) {
        await this.#refresh()
        continue
      }
      const key = `${shardId}@${this.#resetAt}`
      if (!this.#told.has(key)) {
        this.#told.add(key)
        this.#hooks.waiting({ shardId, remaining: 0, waitMs: Math.ceil(waitMs), reason: `no session starts left; waiting ${Math.ceil(waitMs)} ms for the budget to reset` })
      }
      const left = deadline - this.#clock.now()
      if (left <= 0) throw new ShardwireError('IDENTIFY_TIMEOUT', `Shard ${shardId} waited ${options.timeoutMs} ms for the session start budget to reset`)
      await sleep(this.#clock, Math.min(waitMs, left), options.signal)
    }
  }

  /** See {@link IdentifyQueue.identifySent}: passed on to the queue it wraps. */
  identifySent(shardId: number): void | Promise<void> {
    return this.#inner.identifySent?.(shardId)
  }

  #refresh(): Promise<void> {
    this.#refreshing ??= this.#hooks.refresh().then(
      (budget) => this.#apply(budget),
      () => this.#apply({ total: this.#total, remaining: this.#total, reset_after: defaultWindowMs }),
    ).finally(() => {
      this.#refreshing = null
    })
    return this.#refreshing
  }

  #apply(budget: SessionStartBudget): void {
    this.#total = budget.total
    this.#remaining = budget.remaining
    this.#resetAt = this.#clock.now() + budget.reset_after
    this.#told.clear()
  }
}

/** Resolves after `ms` on `clock`, or early when `signal` aborts (the caller then sees the abort). */
function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = clock.setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
