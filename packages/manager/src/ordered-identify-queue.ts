import { ShardwireError, type IdentifyQueue, type IdentifyWaitOptions } from '@shardwire/core'

interface Parked {
  readonly shardId: number
  readonly options: IdentifyWaitOptions
  readonly deadline: number
  readonly resolve: () => void
  readonly reject: (error: ShardwireError) => void
  readonly timer: NodeJS.Timeout | null
  readonly onAbort: () => void
}

/**
 * Starts each identify bucket's shards in ascending id order ("buckets started in order"):
 * wraps the shared {@link IdentifyQueue} and, while the shards of a startup are expected,
 * passes a shard's request on only once every lower shard of its bucket has asked (or was
 * skipped: it resumed, stopped, or its worker died). Workers start at different speeds, so
 * without this the first worker up would identify first whatever its shard ids.
 *
 * Order is best effort, never a deadlock: a request that times out while held releases the
 * shards ahead of it in its bucket from the ordering.
 */
export class OrderedIdentifyQueue implements IdentifyQueue {
  readonly #inner: IdentifyQueue
  readonly #maxConcurrency: number
  /** Per bucket, the shard ids still expected to ask, ascending. */
  readonly #expected: number[][]
  readonly #parked = new Map<number, Parked>()

  constructor(inner: IdentifyQueue, maxConcurrency: number, startupShardIds: readonly number[]) {
    this.#inner = inner
    this.#maxConcurrency = maxConcurrency
    this.#expected = Array.from({ length: maxConcurrency }, () => [])
    for (const shardId of [...startupShardIds].sort((a, b) => a - b)) this.#expected[shardId % maxConcurrency]!.push(shardId)
  }

  /** See {@link IdentifyQueue.waitForIdentify}. */
  waitForIdentify(shardId: number, options: IdentifyWaitOptions): Promise<void> {
    const expected = this.#expected[shardId % this.#maxConcurrency]
    if (expected === undefined || !expected.includes(shardId) || expected[0] === shardId || options.signal?.aborted) return this.#forward(shardId, options)
    return new Promise<void>((resolve, reject) => {
      const parked: Parked = {
        shardId,
        options,
        deadline: performance.now() + options.timeoutMs,
        resolve,
        reject,
        timer: Number.isFinite(options.timeoutMs) ? setTimeout(() => this.#timedOut(parked), options.timeoutMs) : null,
        onAbort: () => this.#unpark(parked, new ShardwireError('IDENTIFY_CANCELLED', `Shard ${shardId} withdrew its identify request`, { cause: options.signal?.reason })),
      }
      options.signal?.addEventListener('abort', parked.onAbort, { once: true })
      this.#parked.get(shardId)?.reject(new ShardwireError('IDENTIFY_CANCELLED', `Shard ${shardId} asked again`))
      this.#parked.set(shardId, parked)
    })
  }

  /** See {@link IdentifyQueue.identifySent}: passed on to the shared queue. */
  identifySent(shardId: number): void | Promise<void> {
    return this.#inner.identifySent?.(shardId)
  }

  /** Shard `shardId` will not ask in order (it resumed, stopped, or its worker is gone): stop holding others for it. */
  skip(shardId: number): void {
    const expected = this.#expected[shardId % this.#maxConcurrency]
    const index = expected?.indexOf(shardId) ?? -1
    if (index === -1) return
    expected!.splice(index, 1)
    if (index === 0) this.#releaseHead(shardId % this.#maxConcurrency)
  }

  // The inner queue sees this request before skip() lets the next shard of the bucket through.
  #forward(shardId: number, options: IdentifyWaitOptions): Promise<void> {
    const waiting = this.#inner.waitForIdentify(shardId, options)
    this.skip(shardId)
    return waiting
  }

  #releaseHead(bucket: number): void {
    const head = this.#expected[bucket]![0]
    const parked = head === undefined ? undefined : this.#parked.get(head)
    if (parked === undefined) return
    this.#unpark(parked)
    const timeoutMs = Math.max(0, parked.deadline - performance.now())
    this.#forward(parked.shardId, { ...parked.options, timeoutMs }).then(parked.resolve, parked.reject)
  }

  #timedOut(parked: Parked): void {
    const expected = this.#expected[parked.shardId % this.#maxConcurrency]!
    // Whoever is ahead has not asked in all this time: the order gives way.
    expected.splice(0, expected.indexOf(parked.shardId))
    this.#unpark(parked, new ShardwireError('IDENTIFY_TIMEOUT', `Shard ${parked.shardId} got no identify permit within ${parked.options.timeoutMs} ms`))
    this.#releaseHead(parked.shardId % this.#maxConcurrency)
  }

  #unpark(parked: Parked, error?: ShardwireError): void {
    if (this.#parked.get(parked.shardId) !== parked) return
    this.#parked.delete(parked.shardId)
    if (parked.timer !== null) clearTimeout(parked.timer)
    parked.options.signal?.removeEventListener('abort', parked.onAbort)
    if (error !== undefined) parked.reject(error)
  }
}
