import { InvalidOptionError } from '@shardwire/core'
import { resolveRedisConnection, type RedisConnectionOptions, type ResolvedRedisConnection } from './redis-connection-options.js'

/** Options of {@link RedisIdentifyQueue}. Every process of one bot must use the same values. */
export interface RedisIdentifyQueueOptions extends RedisConnectionOptions {
  /**
   * `session_start_limit.max_concurrency` from `GET /gateway/bot`: how many buckets identify in parallel.
   * @defaultValue 1
   */
  maxConcurrency?: number
  /**
   * How long a bucket stays spent after a grant. Discord's is 5 s; shorten it only in tests.
   * @defaultValue 5000
   */
  windowMs?: number
  /**
   * How long a waiter keeps its place in line without renewing it (it renews several times per
   * lease while alive). A process that dies at the head of a line blocks its bucket at most this long.
   * @defaultValue 10000
   */
  leaseMs?: number
  /**
   * How soon a waiter asks again when its bucket is free but an earlier waiter is due first.
   * @defaultValue 50
   */
  pollMs?: number
  /**
   * Session starts that no process spends: when `remaining` falls to this, grants wait for the
   * daily reset (and say so through the `sessionBudgetWait` event), leaving a few for a human to
   * start a debugging session without exhausting the token. Applies once a budget is set.
   * @defaultValue 5
   */
  sessionStartReserve?: number
  /**
   * When Redis holds no queue state for this prefix (a first run, or a Redis that restarted
   * without persistence), wait one window before the first grant: an identify may have happened
   * just before, and nothing remembers it. Turn off only when no identify can have happened.
   * @defaultValue true
   */
  coldStartCooldown?: boolean
}

/** {@link RedisIdentifyQueueOptions} after validation, with every default filled in. */
export interface ResolvedRedisIdentifyQueueOptions {
  readonly connection: ResolvedRedisConnection
  readonly maxConcurrency: number
  readonly windowMs: number
  readonly leaseMs: number
  readonly pollMs: number
  readonly sessionStartReserve: number
  readonly coldStartCooldown: boolean
}

/** Validates {@link RedisIdentifyQueueOptions}, throwing `INVALID_OPTION` naming the first bad one. */
export function resolveRedisIdentifyQueueOptions(options: RedisIdentifyQueueOptions): ResolvedRedisIdentifyQueueOptions {
  const connection = resolveRedisConnection(options)
  const { maxConcurrency = 1, windowMs = 5000, leaseMs = 10_000, pollMs = 50, sessionStartReserve = 5, coldStartCooldown = true } = options
  const integerAtLeast = (name: string, value: number, min: number): void => {
    if (!Number.isSafeInteger(value) || value < min) throw new InvalidOptionError(name, `expected an integer of at least ${min}, got ${String(value)}`)
  }
  integerAtLeast('maxConcurrency', maxConcurrency, 1)
  integerAtLeast('windowMs', windowMs, 1)
  // A lease shorter than a few round trips would expire between two renewals.
  integerAtLeast('leaseMs', leaseMs, 100)
  integerAtLeast('pollMs', pollMs, 1)
  if (pollMs >= leaseMs) throw new InvalidOptionError('pollMs', `expected less than leaseMs (${leaseMs}), got ${pollMs}`)
  integerAtLeast('sessionStartReserve', sessionStartReserve, 0)
  if (typeof coldStartCooldown !== 'boolean') throw new InvalidOptionError('coldStartCooldown', `expected a boolean, got ${String(coldStartCooldown)}`)
  return { connection, maxConcurrency, windowMs, leaseMs, pollMs, sessionStartReserve, coldStartCooldown }
}
