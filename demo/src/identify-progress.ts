// Start-up progress, from the manager's own events only, so that it reads the same against
// the simulator and against Discord: which shards are up, and when the next identify can go.

/** Discord's identify window: each `shard_id % max_concurrency` bucket allows one identify per 5 s. */
export const identifyWindowMs = 5000

/** What the progress line shows. */
export interface IdentifyProgress {
  /** Shards that became ready (or resumed) at least once. */
  readonly settled: number
  readonly total: number
  /** The bucket of the next shard to identify; null when every shard has sent its identify. */
  readonly bucket: number | null
  /** Milliseconds until that bucket's window opens again (0: open now); null with `bucket`. */
  readonly nextInMs: number | null
}

/** What {@link identifyProgress} computes from. */
export interface IdentifyObservations {
  /** The shards, ascending: the manager identifies them in this order. */
  readonly shardIds: readonly number[]
  readonly maxConcurrency: number
  /** Shards that sent an identify at least once. */
  readonly identified: ReadonlySet<number>
  /** Shards that became ready or resumed at least once. */
  readonly settled: ReadonlySet<number>
  /** When each bucket last identified, in milliseconds. */
  readonly lastIdentifyAt: ReadonlyMap<number, number>
  readonly now: number
}

/** The progress line's figures, computed from what was observed. */
export function identifyProgress(seen: IdentifyObservations): IdentifyProgress {
  const next = seen.shardIds.find((shardId) => !seen.identified.has(shardId))
  const total = seen.shardIds.length
  const settled = seen.shardIds.filter((shardId) => seen.settled.has(shardId)).length
  if (next === undefined) return { settled, total, bucket: null, nextInMs: null }
  const bucket = next % seen.maxConcurrency
  const last = seen.lastIdentifyAt.get(bucket)
  const nextInMs = last === undefined ? 0 : Math.max(0, last + identifyWindowMs - seen.now)
  return { settled, total, bucket, nextInMs }
}

/** Collects {@link IdentifyObservations} from the manager's `shardStatus`, `shardReady` and `shardResumed` events. */
export class IdentifyTracker {
  readonly #identified = new Set<number>()
  readonly #settled = new Set<number>()
  readonly #lastIdentifyAt = new Map<number, number>()
  #maxConcurrency: number | null = null

  /** Sets `max_concurrency`, known once `GET /gateway/bot` answered. */
  setMaxConcurrency(value: number): void {
    this.#maxConcurrency = value
  }

  /** A shard's status changed: `identifying` means its identify was just sent. */
  status(shardId: number, status: string, now: number): void {
    if (status !== 'identifying' || this.#maxConcurrency === null) return
    this.#identified.add(shardId)
    this.#lastIdentifyAt.set(shardId % this.#maxConcurrency, now)
  }

  /** A shard became ready or resumed. */
  settled(shardId: number): void {
    this.#settled.add(shardId)
  }

  /** Whether every one of `shardIds` settled at least once. */
  allSettled(shardIds: readonly number[]): boolean {
    return shardIds.every((shardId) => this.#settled.has(shardId))
  }

  /** The progress now; null before `max_concurrency` is known. */
  progress(shardIds: readonly number[], now: number): IdentifyProgress | null {
    const maxConcurrency = this.#maxConcurrency
    if (maxConcurrency === null) return null
    return identifyProgress({ shardIds, maxConcurrency, identified: this.#identified, settled: this.#settled, lastIdentifyAt: this.#lastIdentifyAt, now })
  }
}
