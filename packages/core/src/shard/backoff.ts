/** How long to wait between reconnect attempts. */
export interface BackoffOptions {
  /**
   * The wait ceiling of the first attempt; it doubles with each further attempt.
   * @defaultValue 1000
   */
  baseMs?: number
  /**
   * The largest wait ceiling, however many attempts failed.
   * @defaultValue 60000
   */
  maxMs?: number
}

/** The defaults of {@link BackoffOptions}. */
export const defaultBackoff = { baseMs: 1000, maxMs: 60_000 } as const satisfies Required<BackoffOptions>

/**
 * The wait before reconnect attempt `attempt` (0 for the first after a healthy connection):
 * capped exponential with "equal jitter", so the wait lies in `[ceiling / 2, ceiling)` where
 * `ceiling = min(maxMs, baseMs * 2 ** attempt)`. The jitter spreads the shards of a bot that
 * lost their connections together, so they do not all come back in the same instant.
 * @param random - a source of numbers in `[0, 1)`, injected so that tests are deterministic
 */
export function backoffDelay(attempt: number, random: () => number, options: Required<BackoffOptions> = defaultBackoff): number {
  // 2 ** 31 is far past any cap; clamping keeps the arithmetic finite for huge attempt counts.
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 31))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** A uniformly random wait in `[minMs, maxMs]`, as Discord asks before identifying after op 9. */
export function randomDelay(minMs: number, maxMs: number, random: () => number): number {
  return Math.round(minMs + random() * (maxMs - minMs))
}
