/** `session_start_limit` as `GET /gateway/bot` reports it. */
export interface SessionStartLimit {
  /** Session starts allowed per reset period. */
  readonly total: number
  /** Session starts left until the reset. */
  readonly remaining: number
  /** Milliseconds until `remaining` is refilled to `total`. */
  readonly reset_after: number
  /** How many identify buckets may identify at once. */
  readonly max_concurrency: number
}

/**
 * The session start budget of a bot token: `total` identifies per `resetAfterMs` window
 * across all shards; resumes are free ("Session Start Limit" in Discord's docs). The window
 * starts when the budget is created and restarts when it elapses. Pure: time is passed in.
 */
export class SessionStartBudget {
  readonly #total: number
  readonly #resetAfterMs: number
  readonly #maxConcurrency: number
  #remaining: number
  #resetsAt: number

  constructor(options: { total: number; remaining: number; resetAfterMs: number; maxConcurrency: number; now: number }) {
    this.#total = options.total
    this.#remaining = options.remaining
    this.#resetAfterMs = options.resetAfterMs
    this.#maxConcurrency = options.maxConcurrency
    this.#resetsAt = options.now + options.resetAfterMs
  }

  #refill(now: number): void {
    if (now < this.#resetsAt) return
    this.#remaining = this.#total
    // Skip whole windows that passed unobserved, so the next reset stays on the window grid.
    const elapsedWindows = Math.floor((now - this.#resetsAt) / this.#resetAfterMs) + 1
    this.#resetsAt += elapsedWindows * this.#resetAfterMs
  }

  /** The budget as `GET /gateway/bot` reports it at `now`. */
  snapshot(now: number): SessionStartLimit {
    this.#refill(now)
    return {
      total: this.#total,
      remaining: this.#remaining,
      reset_after: Math.max(0, this.#resetsAt - now),
      max_concurrency: this.#maxConcurrency,
    }
  }

  /** Spends one session start; false when none is left in this window. */
  tryConsume(now: number): boolean {
    this.#refill(now)
    if (this.#remaining <= 0) return false
    this.#remaining--
    return true
  }
}
