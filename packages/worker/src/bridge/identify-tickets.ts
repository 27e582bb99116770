import { ShardwireError, type IdentifyQueue } from '@shardwire/core'

/**
 * The manager's side of one worker's identify requests: each ticket is a wait on the shared
 * {@link IdentifyQueue} that the worker can withdraw, and that all end when the worker dies.
 * Serves `ManagerApi.acquireIdentify` and `ManagerApi.cancelIdentify`.
 */
export class IdentifyTickets {
  readonly #queue: IdentifyQueue
  readonly #waiting = new Map<number, AbortController>()

  constructor(queue: IdentifyQueue) {
    this.#queue = queue
  }

  /** Requests waiting for their permit. */
  get size(): number {
    return this.#waiting.size
  }

  /** Waits for shard `shardId`'s permit under `ticket`. */
  async acquire(ticket: number, shardId: number, timeoutMs: number): Promise<void> {
    const controller = new AbortController()
    this.#waiting.get(ticket)?.abort()
    this.#waiting.set(ticket, controller)
    try {
      await this.#queue.waitForIdentify(shardId, { timeoutMs, signal: controller.signal })
    } finally {
      if (this.#waiting.get(ticket) === controller) this.#waiting.delete(ticket)
    }
  }

  /** Withdraws `ticket`; a settled or unknown ticket is ignored. */
  cancel(ticket: number): void {
    this.#waiting.get(ticket)?.abort(new ShardwireError('IDENTIFY_CANCELLED', `Identify request ${ticket} was withdrawn`))
  }

  /** Withdraws every waiting request: its worker is gone, so its slots must not be spent. */
  releaseAll(reason: ShardwireError): void {
    for (const controller of this.#waiting.values()) controller.abort(reason)
    this.#waiting.clear()
  }
}
