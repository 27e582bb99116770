/** Now, in milliseconds on a clock every thread of the process shares (the monotonic clock from the process's time origin). */
export function fenceNow(): number {
  return performance.timeOrigin + performance.now()
}

// A deadline this far away means "no fence": the shard runs until told otherwise.
const unfenced = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * Per-shard lease deadlines in shared memory (cluster mode): the manager writes the moment until
 * which this process may run each shard, every time it renews the shard's lease; the worker reads
 * it before a shard reconnects. A process paused past its leases (a long GC, a frozen VM) wakes
 * with its main thread behind: the worker must not wait for a message from it to know that a
 * shard is no longer its own, or it would resume a session another process already took over.
 */
export class LeaseFence {
  readonly #deadlines: BigInt64Array

  /** A buffer for `shardCount` shards, every one unfenced; hand it to every worker through `WorkerData`. */
  static allocate(shardCount: number): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(shardCount * BigInt64Array.BYTES_PER_ELEMENT)
    new BigInt64Array(buffer).fill(unfenced)
    return buffer
  }

  constructor(buffer: SharedArrayBuffer) {
    this.#deadlines = new BigInt64Array(buffer)
  }

  /** Shard `shardId` may run until `deadline` ({@link fenceNow}'s clock); 0 stops it at its next check. */
  set(shardId: number, deadline: number): void {
    if (shardId >= 0 && shardId < this.#deadlines.length) Atomics.store(this.#deadlines, shardId, BigInt(Math.max(0, Math.floor(deadline))))
  }

  /** Whether shard `shardId`'s lease has lapsed: it must not (re)connect. */
  expired(shardId: number, now = fenceNow()): boolean {
    if (shardId < 0 || shardId >= this.#deadlines.length) return false
    return Number(Atomics.load(this.#deadlines, shardId)) <= now
  }
}
