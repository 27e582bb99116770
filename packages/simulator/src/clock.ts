/**
 * The simulator's source of time for everything it records and enforces. Injected so a test
 * can shift time; timers still run on the event loop.
 */
export interface Clock {
  /** Milliseconds, monotonic enough for windows and timestamps. */
  now(): number
}

/** Wall-clock time (`Date.now`), the default clock. */
export const systemClock: Clock = { now: () => Date.now() }
