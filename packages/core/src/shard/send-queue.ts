import type { OutgoingPayload } from './gateway-commands.js'
import type { SendLane, SendLimiter } from './send-limiter.js'

/** An encoded payload waiting for the rate limit (and, for user sends, for READY). */
export interface QueuedSend {
  /** The bytes or text to write. */
  readonly data: string | Uint8Array
  /** What `data` encodes, with any token replaced: for the `send` event. */
  readonly payload: OutgoingPayload
  /** The `send()` call it settles, or null for the shard's own payloads. */
  readonly ticket: number | null
}

/**
 * The two lanes of outgoing payloads. `priority` (identify, resume, heartbeat) always goes
 * first and belongs to one connection; `user` survives reconnects and resumes, and is bounded.
 */
export class SendQueue {
  /** The most user sends that may wait. */
  readonly maxUser: number
  readonly #priority: QueuedSend[] = []
  readonly #user: QueuedSend[] = []

  constructor(maxUser: number) {
    this.maxUser = maxUser
  }

  /** User sends waiting. */
  get userSize(): number {
    return this.#user.length
  }

  /** Queues one of the shard's own payloads. */
  pushPriority(item: QueuedSend): void {
    this.#priority.push(item)
  }

  /** Queues a user send; false when the queue is full. */
  pushUser(item: QueuedSend): boolean {
    if (this.#user.length >= this.maxUser) return false
    this.#user.push(item)
    return true
  }

  /** Forgets the priority lane: a dead connection's heartbeats mean nothing to the next one. */
  clearPriority(): void {
    this.#priority.length = 0
  }

  /** Empties the user lane, returning what it held (to be rejected). */
  takeUser(): QueuedSend[] {
    return this.#user.splice(0)
  }

  /**
   * Hands to `write`, in order, everything the limiter lets through at `now`: the priority
   * lane first, then (when `userOpen`, that is once READY) the user lane. Returns when the
   * next slot frees up if something is still waiting, else null.
   */
  drain(limiter: SendLimiter, now: number, userOpen: boolean, write: (item: QueuedSend, lane: SendLane) => void): number | null {
    while (this.#priority.length > 0) {
      if (!limiter.tryTake(now, 'priority')) return limiter.nextSlotAt(now, 'priority')
      write(this.#priority.shift()!, 'priority')
    }
    if (!userOpen) return null
    while (this.#user.length > 0) {
      if (!limiter.tryTake(now, 'user')) return limiter.nextSlotAt(now, 'user')
      write(this.#user.shift()!, 'user')
    }
    return null
  }
}
