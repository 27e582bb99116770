/**
 * Which budget a send draws on. `priority` (identify, resume, heartbeat) may use the whole
 * window; `user` sends leave the reserved slots free so that heartbeats are never starved.
 */
export type SendLane = 'priority' | 'user'

/** The gateway's send limit: payloads per sliding window, per connection. */
export interface SendLimit {
  /**
   * Payloads allowed in any window, heartbeats included.
   * @defaultValue 120
   */
  limit?: number
  /**
   * The window's length in milliseconds.
   * @defaultValue 60000
   */
  windowMs?: number
}

/** Discord's limit: 120 payloads per 60 s per connection ("Rate Limiting" in the gateway docs). */
export const defaultSendLimit = { limit: 120, windowMs: 60_000 } as const satisfies Required<SendLimit>

/**
 * Slots to keep free for heartbeats on a connection beating every `heartbeatIntervalMs`: every
 * heartbeat a window can hold, plus one for a heartbeat asked for out of turn (op 1, `ping()`).
 */
export function heartbeatReserve(heartbeatIntervalMs: number, limit: Required<SendLimit> = defaultSendLimit): number {
  const reserve = Math.ceil(limit.windowMs / heartbeatIntervalMs) + 1
  // User sends always keep at least one slot, however short the interval.
  return Math.min(reserve, limit.limit - 1)
}

/**
 * A sliding-window counter of one connection's sends. It holds no clock: callers pass `now`.
 * A sliding window (rather than fixed buckets) never lets 2 × limit through across a bucket edge.
 */
export class SendLimiter {
  /** Payloads allowed per window. */
  readonly limit: number
  /** The window's length in milliseconds. */
  readonly windowMs: number
  /** Slots only the `priority` lane may use. */
  readonly reserved: number
  // Send times within the last window, oldest first; never longer than `limit`.
  readonly #sent: number[] = []

  constructor(limit: Required<SendLimit>, reserved: number) {
    this.limit = limit.limit
    this.windowMs = limit.windowMs
    this.reserved = reserved
  }

  /** How many more payloads `lane` may send at `now`. */
  available(now: number, lane: SendLane): number {
    this.#expire(now)
    return Math.max(0, this.#capacity(lane) - this.#sent.length)
  }

  /** Records a send at `now` and returns true, or returns false when `lane` has no slot left. */
  tryTake(now: number, lane: SendLane): boolean {
    if (this.available(now, lane) === 0) return false
    this.#sent.push(now)
    return true
  }

  /** The earliest time at or after `now` when `lane` has a free slot. */
  nextSlotAt(now: number, lane: SendLane): number {
    this.#expire(now)
    const excess = this.#sent.length - this.#capacity(lane)
    // The window must shed `excess + 1` sends; the last of those leaves at its time + window.
    return excess < 0 ? now : this.#sent[excess]! + this.windowMs
  }

  #capacity(lane: SendLane): number {
    return lane === 'priority' ? this.limit : this.limit - this.reserved
  }

  #expire(now: number): void {
    let expired = 0
    while (expired < this.#sent.length && this.#sent[expired]! <= now - this.windowMs) expired++
    if (expired > 0) this.#sent.splice(0, expired)
  }
}
