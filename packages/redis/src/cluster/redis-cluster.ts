import { EventEmitter } from 'node:events'
import { InvalidOptionError, type IdentifyQueue, type ShardwireError } from '@shardwire/core'
import type { ClusterMemberHooks, ClusterMembership, ClusterMembershipEvents, ClusterPlan, SessionStore, ShardCluster } from '@shardwire/manager'
import { RedisShardOwnership } from '../ownership/redis-shard-ownership.js'
import { RedisIdentifyQueue } from '../redis-identify-queue.js'
import { RedisSessionStore } from '../redis-session-store.js'
import { checkRedisClusterOptions, type RedisClusterOptions } from './redis-cluster-options.js'

/**
 * Cluster mode through Redis: pass it as `cluster` to every `ShardManager` of one bot, in as
 * many processes and machines as you like. Each member claims shards through fenced leases
 * ({@link RedisShardOwnership}), identifies through one {@link RedisIdentifyQueue}, and saves
 * sessions in one {@link RedisSessionStore}, so that a member that dies has its shards resumed
 * by the others, and a member that joins takes its share through resumable hand-overs.
 *
 * @example
 * ```ts
 * const manager = new ShardManager({ token, intents, shardCount: 24, cluster: redisCluster({ url: 'redis://127.0.0.1:6379/0', keyPrefix: 'my-bot:' }) })
 * ```
 * @throws InvalidOptionError naming the first invalid option, at once
 */
export function redisCluster(options: RedisClusterOptions): ShardCluster {
  checkRedisClusterOptions(options)
  return { join: (plan, hooks) => RedisClusterMembership.join(options, plan, hooks) }
}

/** One process's membership: the three Redis-backed parts, opened together and closed together. */
class RedisClusterMembership extends EventEmitter<ClusterMembershipEvents> implements ClusterMembership {
  readonly memberId: string
  readonly identifyQueue: IdentifyQueue
  readonly sessionStore: SessionStore
  readonly #queue: RedisIdentifyQueue
  readonly #sessions: RedisSessionStore
  readonly #ownership: RedisShardOwnership
  #closing: Promise<void> | null = null

  static async join(options: RedisClusterOptions, plan: ClusterPlan, hooks: ClusterMemberHooks): Promise<RedisClusterMembership> {
    const { shardCount, shardIds, maxConcurrency, sessionStartLimit } = plan
    const first = shardIds[0]
    const last = shardIds.at(-1)
    if (first === undefined || last === undefined || last - first + 1 !== shardIds.length) {
      throw new InvalidOptionError('shardIds', 'in cluster mode, expected a contiguous range of shard ids')
    }
    const { identifyWindowMs = 5100, sessionStartReserve = 5, ...shared } = options
    const opened: { close(): Promise<void> }[] = []
    try {
      const queue = await RedisIdentifyQueue.connect({ ...pick(shared), maxConcurrency, windowMs: identifyWindowMs, sessionStartReserve, coldStartCooldown: shared.coldStartCooldown ?? true })
      opened.push(queue)
      await queue.setSessionStartLimit({ remaining: sessionStartLimit.remaining, total: sessionStartLimit.total, resetAfterMs: sessionStartLimit.reset_after })
      const sessions = await RedisSessionStore.connect(pick(shared))
      opened.push(sessions)
      const ownership = await RedisShardOwnership.connect({
        ...shared,
        plan: { shardCount, range: { first, last } },
        // The new owner reads the session as soon as the lease is released: it must be in Redis by then.
        beforeRelease: async (shardId) => {
          await hooks.release(shardId)
          await sessions.flush()
        },
      })
      return new RedisClusterMembership(queue, sessions, ownership)
    } catch (error) {
      await Promise.all(opened.map((part) => part.close().catch(() => {})))
      throw error
    }
  }

  private constructor(queue: RedisIdentifyQueue, sessions: RedisSessionStore, ownership: RedisShardOwnership) {
    super()
    this.#queue = queue
    this.#sessions = sessions
    this.#ownership = ownership
    this.memberId = ownership.memberId
    this.identifyQueue = queue
    this.sessionStore = sessions
    ownership.on('renewed', (shardId, deadline) => this.emit('lease', shardId, deadline))
    ownership.on('claimed', (shardId) => void this.#announce(shardId))
    ownership.on('lost', (shardId, reason) => this.emit('lost', shardId, reason))
    for (const part of [queue, sessions, ownership] as const) {
      ;(part as EventEmitter<{ error: [ShardwireError] }>).on('error', (error) => this.#error(error))
    }
    queue.on('connectionLost', () => this.emit('notice', 'Redis connection lost: identifies wait until it is back'))
    queue.on('reconnecting', ({ attempt, delayMs }) => this.emit('notice', `reconnecting to Redis (attempt ${attempt}) in ${delayMs} ms`))
    queue.on('reconnected', () => this.emit('notice', 'Redis connection is back'))
    queue.on('stateLost', () => this.emit('notice', 'Redis lost the identify state (restarted without persistence): every bucket waits one window'))
  }

  /** See {@link ClusterMembership.start}. */
  start(): Promise<void> {
    return this.#ownership.start()
  }

  /** See {@link ClusterMembership.close}. Sessions are flushed before the leases are released. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#sessions.close().catch((error: ShardwireError) => this.#error(error))
      await this.#ownership.close().catch((error: ShardwireError) => this.#error(error))
      await this.#queue.close()
    })()
    return this.#closing
  }

  // Each part has its own connection, and after an outage they come back at different moments:
  // a shard claimed while the session store is still reconnecting would find no session and
  // identify anew. So a claim is announced once the store can read its session (or, if the
  // store stays unreachable for a whole lease, anyway: the shard must not stay down for good).
  async #announce(shardId: number): Promise<void> {
    const giveUpAt = performance.now() + this.#ownership.leaseMs
    for (let delayMs = 50; ; delayMs = Math.min(1000, delayMs * 2)) {
      if (this.#closing !== null || !this.#ownership.owned.has(shardId)) return
      try {
        await this.#sessions.retrieve(shardId)
        break
      } catch {
        if (performance.now() >= giveUpAt) break
        await new Promise((resolve) => setTimeout(resolve, delayMs))
      }
    }
    if (this.#closing === null && this.#ownership.owned.has(shardId)) this.emit('claimed', shardId)
  }

  // 'error' throws when unheard; every part retries on its own, so an unheard failure is dropped.
  #error(error: ShardwireError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error)
  }
}

// The connection options alone, for the parts that take nothing else.
function pick(options: RedisClusterOptions): RedisClusterOptions {
  const { url, keyPrefix, connectTimeoutMs, backoff, random } = options
  return { url, keyPrefix, ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }), ...(backoff === undefined ? {} : { backoff }), ...(random === undefined ? {} : { random }) }
}
