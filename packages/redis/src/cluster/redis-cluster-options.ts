import { InvalidOptionError } from '@shardwire/core'
import type { RedisConnectionOptions } from '../redis-connection-options.js'
import type { RedisShardOwnershipOptions } from '../ownership/redis-shard-ownership-options.js'
import { resolveRedisShardOwnershipOptions } from '../ownership/redis-shard-ownership-options.js'

/**
 * Options of {@link redisCluster}: one connection string and one key prefix per bot configure
 * the shared identify queue, session store and shard ownership. Every process of one bot must
 * use the same prefix and lease timings.
 */
export interface RedisClusterOptions extends RedisConnectionOptions, Pick<RedisShardOwnershipOptions,
  'memberId' | 'leaseMs' | 'renewIntervalMs' | 'safetyMarginMs' | 'maxHandoversPerStep' | 'beforeReleaseTimeoutMs' | 'coldStartCooldown'> {
  /**
   * How long an identify bucket stays spent, counted from the identify itself (see
   * `IdentifyQueue.identifySent`). Discord's is 5 s; the rest absorbs the difference in network
   * delay between two identifies of a bucket, from any two processes.
   * @defaultValue 5100
   */
  identifyWindowMs?: number
  /**
   * Session starts never spent by any process: identifies wait for the daily reset once
   * `remaining` is down to this.
   * @defaultValue 5
   */
  sessionStartReserve?: number
}

/** Checks {@link RedisClusterOptions} at once, so that a bad option fails where it is written, not at `connect()`. */
export function checkRedisClusterOptions(options: RedisClusterOptions): void {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'expected an object')
  // The ownership options include the connection's; the plan is only known at join.
  resolveRedisShardOwnershipOptions({ ...options, plan: { shardCount: 1 } })
  const { identifyWindowMs = 5100, sessionStartReserve = 5 } = options
  // Below 5000 only makes sense against a simulator with a shrunk window.
  if (!Number.isSafeInteger(identifyWindowMs) || identifyWindowMs < 1) {
    throw new InvalidOptionError('identifyWindowMs', `expected an integer of milliseconds >= 1, got ${String(identifyWindowMs)}`)
  }
  if (!Number.isSafeInteger(sessionStartReserve) || sessionStartReserve < 0) {
    throw new InvalidOptionError('sessionStartReserve', `expected an integer >= 0, got ${String(sessionStartReserve)}`)
  }
}
