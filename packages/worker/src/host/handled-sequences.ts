/**
 * Where a worker records, per shard, how far its handlers got, in memory it shares with the
 * manager, so that the record survives the worker's death. After a crash the manager resumes
 * from there rather than from the last saved session (saved on a timer, so possibly older),
 * and handlers in the workers see each event once.
 *
 * Layout: two 64-bit slots per shard id, `[generation, sequence]`. The generation counts the
 * READYs handled for that shard, so the manager can tell which session the sequence belongs to.
 */
export class HandledSequences {
  readonly #slots: BigInt64Array

  constructor(buffer: SharedArrayBuffer) {
    this.#slots = new BigInt64Array(buffer)
  }

  /** The buffer for `shardCount` shards. */
  static allocate(shardCount: number): SharedArrayBuffer {
    return new SharedArrayBuffer(shardCount * 2 * BigInt64Array.BYTES_PER_ELEMENT)
  }

  /** A new session started on shard `shardId` with READY at `sequence`. */
  started(shardId: number, sequence: number): void {
    Atomics.add(this.#slots, shardId * 2, 1n)
    Atomics.store(this.#slots, shardId * 2 + 1, BigInt(sequence))
  }

  /** The handlers of shard `shardId` are done with `sequence`. */
  handled(shardId: number, sequence: number): void {
    Atomics.store(this.#slots, shardId * 2 + 1, BigInt(sequence))
  }

  /** Shard `shardId`'s READY count and last handled sequence. */
  read(shardId: number): { readonly generation: number; readonly sequence: number } {
    return { generation: Number(Atomics.load(this.#slots, shardId * 2)), sequence: Number(Atomics.load(this.#slots, shardId * 2 + 1)) }
  }
}
