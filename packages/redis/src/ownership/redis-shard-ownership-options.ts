import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { InvalidOptionError } from '@shardwire/core'
import { resolveRedisConnection, type RedisConnectionOptions, type ResolvedRedisConnection } from '../redis-connection-options.js'
import { planShardIds, type ShardPlan } from './plan-ownership.js'

/** Options of {@link RedisShardOwnership}. Every process of one bot must use the same plan and lease timings. */
export interface RedisShardOwnershipOptions extends RedisConnectionOptions {
  /** The shards the processes share out. */
  plan: ShardPlan
  /**
   * This process's id among the members. Letters, digits and `:_-.` only.
   * @defaultValue `<hostname>:<pid>:<random>`
   */
  memberId?: string
  /**
   * How long a lease (and a member's heartbeat) lives without renewal, on Redis's clock. A process
   * that dies keeps its shards from the others at most this long.
   * @defaultValue 15000
   */
  leaseMs?: number
  /**
   * How often leases are renewed and the member plans its next step (claims, hand-overs).
   * @defaultValue 5000
   */
  renewIntervalMs?: number
  /**
   * How long before its lease could expire a member that could not renew stops a shard, measured
   * on the local monotonic clock from the moment the last successful renewal was sent. Covers the
   * clock rate difference between the machine and Redis, and the time to stop a shard.
   * @defaultValue 3000
   */
  safetyMarginMs?: number
  /**
   * Hand-overs (asked for, or given) in flight at once per member, so that load evens out gradually.
   * @defaultValue 1
   */
  maxHandoversPerStep?: number
  /**
   * Runs before a shard is handed over and must resolve before its lease is released: close the
   * shard with a resumable close and save its session, so that the new owner resumes it.
   * @defaultValue nothing to do
   */
  beforeRelease?: (shardId: number) => Promise<void>
  /**
   * How long `beforeRelease` may take; past it the hand-over is abandoned (`OWNERSHIP_HANDOVER_FAILED`)
   * and the shard stays with its owner.
   * @defaultValue 30000
   */
  beforeReleaseTimeoutMs?: number
  /**
   * When Redis holds no ownership state for this prefix (a first run, or a Redis that restarted
   * without persistence), claim nothing for one `leaseMs`: a lease Redis forgot may still be
   * running in a process that cannot tell yet. Turn off only when no process can be running shards.
   * @defaultValue true
   */
  coldStartCooldown?: boolean
}

/** {@link RedisShardOwnershipOptions} after validation, with every default filled in. */
export interface ResolvedRedisShardOwnershipOptions {
  readonly connection: ResolvedRedisConnection
  readonly shardIds: readonly number[]
  readonly memberId: string
  readonly leaseMs: number
  readonly renewIntervalMs: number
  readonly safetyMarginMs: number
  readonly maxHandoversPerStep: number
  readonly beforeRelease: (shardId: number) => Promise<void>
  readonly beforeReleaseTimeoutMs: number
  readonly coldStartCooldown: boolean
}

const memberIdPattern = /^[A-Za-z0-9:_\-.]{1,128}$/

/** Validates {@link RedisShardOwnershipOptions}, throwing `INVALID_OPTION` naming the first bad one. */
export function resolveRedisShardOwnershipOptions(options: RedisShardOwnershipOptions): ResolvedRedisShardOwnershipOptions {
  const connection = resolveRedisConnection(options)
  const {
    plan, memberId = `${hostname().replace(/[^A-Za-z0-9_\-.]/g, '_')}:${process.pid}:${randomBytes(4).toString('hex')}`,
    leaseMs = 15_000, renewIntervalMs = 5000, safetyMarginMs = 3000, maxHandoversPerStep = 1,
    beforeRelease = async () => {}, beforeReleaseTimeoutMs = 30_000, coldStartCooldown = true,
  } = options
  const integerAtLeast = (name: string, value: number, min: number): void => {
    if (!Number.isSafeInteger(value) || value < min) throw new InvalidOptionError(name, `expected an integer of at least ${min}, got ${String(value)}`)
  }
  integerAtLeast('plan.shardCount', plan?.shardCount, 1)
  if (plan.range !== undefined) {
    const { first, last } = plan.range
    integerAtLeast('plan.range.first', first, 0)
    if (!Number.isSafeInteger(last) || last < first || last >= plan.shardCount) {
      throw new InvalidOptionError('plan.range.last', `expected an integer from range.first (${first}) to shardCount - 1 (${plan.shardCount - 1}), got ${String(last)}`)
    }
  }
  if (typeof memberId !== 'string' || !memberIdPattern.test(memberId)) {
    throw new InvalidOptionError('memberId', `expected 1-128 characters of letters, digits and :_-., got ${String(memberId)}`)
  }
  integerAtLeast('leaseMs', leaseMs, 100)
  integerAtLeast('renewIntervalMs', renewIntervalMs, 1)
  integerAtLeast('safetyMarginMs', safetyMarginMs, 1)
  // At least one renewal must get its chance before the local deadline.
  if (renewIntervalMs + safetyMarginMs >= leaseMs) {
    throw new InvalidOptionError('renewIntervalMs', `expected renewIntervalMs + safetyMarginMs (${renewIntervalMs} + ${safetyMarginMs}) below leaseMs (${leaseMs})`)
  }
  integerAtLeast('maxHandoversPerStep', maxHandoversPerStep, 1)
  if (typeof beforeRelease !== 'function') throw new InvalidOptionError('beforeRelease', 'expected a function returning a promise')
  integerAtLeast('beforeReleaseTimeoutMs', beforeReleaseTimeoutMs, 1)
  if (typeof coldStartCooldown !== 'boolean') throw new InvalidOptionError('coldStartCooldown', `expected a boolean, got ${String(coldStartCooldown)}`)
  return {
    connection, shardIds: planShardIds(plan), memberId, leaseMs, renewIntervalMs, safetyMarginMs,
    maxHandoversPerStep, beforeRelease, beforeReleaseTimeoutMs, coldStartCooldown,
  }
}
