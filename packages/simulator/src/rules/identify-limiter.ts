import { identifyBucket } from './identify-bucket.js'

/** The answer of {@link IdentifyLimiter.tryAcquire}. */
export type IdentifyGrant =
  | { readonly granted: true; readonly bucket: number }
  | { readonly granted: false; readonly bucket: number; readonly retryAfterMs: number }

/**
 * Identify concurrency for one bot token: each bucket (`shard_id % max_concurrency`) may
 * identify once per window. Pure: the caller passes the time, so tests need no clock.
 */
export class IdentifyLimiter {
  readonly #maxConcurrency: number
  readonly #windowMs: number
  readonly #lastGrantByBucket = new Map<number, number>()

  /**
   * @param maxConcurrency - `session_start_limit.max_concurrency`
   * @param windowMs - how long a bucket stays spent after an identify (Discord: 5000 ms)
   */
  constructor(maxConcurrency: number, windowMs: number) {
    this.#maxConcurrency = maxConcurrency
    this.#windowMs = windowMs
  }

  /** Spends the shard's bucket at `now` if it is free; otherwise says how long until it is. */
  tryAcquire(shardId: number, now: number): IdentifyGrant {
    const bucket = identifyBucket(shardId, this.#maxConcurrency)
    const last = this.#lastGrantByBucket.get(bucket)
    if (last !== undefined && now - last < this.#windowMs) {
      return { granted: false, bucket, retryAfterMs: last + this.#windowMs - now }
    }
    this.#lastGrantByBucket.set(bucket, now)
    return { granted: true, bucket }
  }
}
