import type { ShardwireError } from '../errors.js'

interface Settle<T> {
  readonly resolve: (value: T) => void
  readonly reject: (error: ShardwireError) => void
}

/**
 * Promises handed to callers and settled later by the shard (sends by ticket, pings and
 * connects all at once), so that no caller is left waiting when the shard moves on.
 */
export class PendingCalls<T> {
  readonly #calls = new Map<number, Settle<T>>()
  #next = 0

  /** A new pending call: its key, and the promise the caller gets. */
  add(): { key: number; promise: Promise<T> } {
    const key = ++this.#next
    const promise = new Promise<T>((resolve, reject) => this.#calls.set(key, { resolve, reject }))
    return { key, promise }
  }

  /** Settles the call `key` (once; later settles of the same key are ignored). */
  settle(key: number, outcome: { value: T } | { error: ShardwireError }): void {
    const call = this.#calls.get(key)
    if (call === undefined) return
    this.#calls.delete(key)
    if ('error' in outcome) call.reject(outcome.error)
    else call.resolve(outcome.value)
  }

  /** Settles every pending call the same way. */
  settleAll(outcome: { value: T } | { error: ShardwireError }): void {
    for (const key of [...this.#calls.keys()]) this.settle(key, outcome)
  }
}
