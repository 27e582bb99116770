/**
 * Rethrows `error` on the next tick, outside the caller's stack, as an uncaught exception. For
 * errors thrown by a user's listener or hook: they surface as the listener's own, and the code
 * that called it (a state machine applying effects, a delivery loop, a waiter) never stops half-way.
 */
export function rethrowLater(error: unknown): void {
  process.nextTick(() => {
    throw error
  })
}
