import type { ShardwireError } from '@shardwire/core'

/**
 * What `connect()` waits for: every expected shard settled (ready, resumed, or stopped for
 * good). It resolves when none is left, or rejects with the first fatal error among them. In
 * cluster mode the expected shards arrive while the first claims are announced: the wait stays
 * open ({@link ReadyWait.collecting}) until {@link ReadyWait.close} says no more will come.
 */
export class ReadyWait {
  readonly promise: Promise<void>
  readonly #pending: Set<number>
  readonly #fatal: ShardwireError[] = []
  #collecting: boolean
  #resolve: () => void = () => {}
  #reject: (error: ShardwireError) => void = () => {}

  constructor(expected: Iterable<number>, collecting: boolean) {
    this.#pending = new Set(expected)
    this.#collecting = collecting
    this.promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
    // Handled here too, so that a rejection while the workers start is never unhandled.
    this.promise.catch(() => {})
  }

  /** Whether more shards may still be expected. */
  get collecting(): boolean {
    return this.#collecting
  }

  /** Expects shard `shardId` too (cluster mode, while collecting). */
  expect(shardId: number): void {
    if (this.#collecting) this.#pending.add(shardId)
  }

  /** No more shards will be expected. */
  close(): void {
    this.#collecting = false
    this.#check()
  }

  /** Shard `shardId` is ready, resumed, or stopped (with its fatal error, if that is why). */
  settle(shardId: number, fatal?: ShardwireError): void {
    if (!this.#pending.delete(shardId)) return
    if (fatal !== undefined) this.#fatal.push(fatal)
    this.#check()
  }

  /** Gives up at once with `error`. */
  fail(error: ShardwireError): void {
    this.#reject(error)
  }

  #check(): void {
    if (this.#pending.size > 0 || this.#collecting) return
    if (this.#fatal.length > 0) this.#reject(this.#fatal[0]!)
    else this.#resolve()
  }
}
