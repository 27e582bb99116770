import type { BackoffOptions } from '@shardwire/core'

/** The defaults of the Redis reconnect backoff. */
export const defaultRedisBackoff = { baseMs: 1000, maxMs: 30_000 } as const satisfies Required<BackoffOptions>

/**
 * The wait before retry `attempt` (0 for the first): capped exponential with "equal jitter",
 * in `[ceiling / 2, ceiling)` where `ceiling = min(maxMs, baseMs * 2 ** attempt)`. The jitter
 * spreads the processes of a bot that lost Redis together, so they do not return in one instant.
 * @param random - a source of numbers in `[0, 1)`, injected so that tests are deterministic
 */
export function reconnectDelay(attempt: number, random: () => number, options: Required<BackoffOptions>): number {
  // 2 ** 31 is far past any cap; clamping keeps the arithmetic finite for huge attempt counts.
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 31))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
