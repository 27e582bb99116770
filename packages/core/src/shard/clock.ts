/**
 * Time as shardwire's timed parts see it, injected so that tests can run them on a virtual
 * clock. `now()` must be monotonic: wall-clock jumps must not shorten or stretch a wait.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number
  /** Calls `callback` once, `ms` from now. Returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown
  /** Cancels a pending {@link Clock.setTimeout}; a handle that already fired is ignored. */
  clearTimeout(handle: unknown): void
}

// Node fires any delay above 2^31 - 1 ms after 1 ms; clamping makes a huge wait merely long.
const maxTimerMs = 2 ** 31 - 1

/** The process's clock: `performance.now()` and Node's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, Math.min(ms, maxTimerMs)),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}
