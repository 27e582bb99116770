/** How long, and until when, a shard is willing to wait for an identify permit. */
export interface IdentifyWaitOptions {
  /**
   * Give up after this many milliseconds: the promise rejects with `IDENTIFY_TIMEOUT`.
   * Every implementation must honour it, so that no shard waits on a permit forever (a shard
   * also withdraws its request a little after it, as a safety net).
   */
  readonly timeoutMs: number
  /** Aborting it withdraws the request: the promise rejects with `IDENTIFY_CANCELLED`. */
  readonly signal?: AbortSignal
}

/**
 * Grants permission to identify, so that the shards of one bot token respect Discord's
 * identify concurrency: bucket `shard_id % max_concurrency` may identify once per 5 s, and
 * the limit spans every worker, process and machine running that token.
 *
 * A shard calls {@link IdentifyQueue.waitForIdentify} after HELLO, right before each identify.
 * Implementations (in-process, cross-worker, Redis) must pass the conformance suite in
 * `test/identify-queue-conformance.ts`. Its rules:
 * - a request resolves once its bucket may identify, and then the bucket is spent for the window;
 * - requests in one bucket are served first come, first served;
 * - a request that rejects (timeout or abort) never spends a slot, and never delays the others.
 */
export interface IdentifyQueue {
  /**
   * Resolves when shard `shardId` may send its identify. Rejects with a `ShardwireError`
   * coded `IDENTIFY_TIMEOUT` when `timeoutMs` passes first, or `IDENTIFY_CANCELLED` when
   * `signal` aborts first (at once if it is already aborted).
   */
  waitForIdentify(shardId: number, options: IdentifyWaitOptions): Promise<void>
  /**
   * Shard `shardId` has just written the IDENTIFY its permit allowed. A grant reaches the socket
   * some time after it is given (a hop to a worker, a busy event loop), and Discord counts its
   * window from the identify it receives: an implementation restarts the bucket's window here,
   * so that the next grant of the bucket is a whole window after the real identify. Optional;
   * the shard ignores what it returns or throws.
   */
  identifySent?(shardId: number): void | Promise<void>
}
