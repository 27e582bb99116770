import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import { InvalidOptionError, rethrowLater, ShardwireError, type RetrieveSessionInfo, type SessionInfo, type UpdateSessionInfo } from '@shardwire/core'
import { closeRedis, openRedis } from './open-redis.js'
import type { RedisIdentifyQueueEvents } from './redis-identify-queue-events.js'
import { resolveRedisSessionStoreOptions, type RedisSessionStoreOptions, type ResolvedRedisSessionStoreOptions } from './redis-session-store-options.js'
import { defineSessionCommands, type SessionCommands } from './session-scripts.js'

/** The events of {@link RedisSessionStore}. */
export type RedisSessionStoreEvents = Pick<RedisIdentifyQueueEvents, 'connectionLost' | 'reconnecting' | 'reconnected' | 'error'>

/**
 * Shard sessions (`sessionId`, `sequence`, `resumeUrl`, `shardCount`) in Redis, keyed by the bot's
 * key prefix and the shard id, so that a shard can resume in another process or after a restart.
 * Each session expires `resumeWindowMs` after its last save.
 *
 * Saves are batched: {@link RedisSessionStore.update} only records the latest session per shard,
 * and every `flushIntervalMs` the pending ones go to Redis in one round trip (and on
 * {@link RedisSessionStore.close}). A save that fails stays pending for the next flush, unless a
 * newer one replaced it. Give the shard the two hooks:
 *
 * @example
 * ```ts
 * const sessions = await RedisSessionStore.connect({ url: 'redis://127.0.0.1:6379/0', keyPrefix: 'mybot:' })
 * const shard = new Shard({ ...options, retrieveSessionInfo: sessions.retrieveSessionInfo, updateSessionInfo: sessions.updateSessionInfo })
 * ```
 */
export class RedisSessionStore extends EventEmitter<RedisSessionStoreEvents> {
  /** The core hook loading a shard's session: {@link RedisSessionStore.retrieve}, bound. */
  readonly retrieveSessionInfo: RetrieveSessionInfo = (shardId) => this.retrieve(shardId)
  /** The core hook saving a shard's session: {@link RedisSessionStore.update}, bound. */
  readonly updateSessionInfo: UpdateSessionInfo = (shardId, info) => this.update(shardId, info)
  readonly #options: ResolvedRedisSessionStoreOptions
  readonly #redis: Redis & SessionCommands
  readonly #pending = new Map<number, SessionInfo | null>()
  // The session id this process last saved per shard: a forget only removes that one.
  readonly #known = new Map<number, string>()
  readonly #timer: NodeJS.Timeout
  #tail: Promise<void> = Promise.resolve()
  #closed = false

  /**
   * Connects to Redis. Rejects with `INVALID_OPTION` for a bad option, or `REDIS_UNAVAILABLE`
   * when Redis is not reachable within `connectTimeoutMs`.
   */
  static async connect(options: RedisSessionStoreOptions): Promise<RedisSessionStore> {
    const resolved = resolveRedisSessionStoreOptions(options)
    let store: RedisSessionStore | undefined
    const redis = await openRedis(resolved.connection, {
      onLost: (cause) => { if (store !== undefined && !store.#closed) store.#emitSafe('connectionLost', { cause }) },
      onReconnecting: (attempt, delayMs) => { if (store !== undefined) store.#emitSafe('reconnecting', { attempt, delayMs }) },
      onRestored: () => { if (store !== undefined) store.#emitSafe('reconnected') },
    })
    store = new RedisSessionStore(resolved, defineSessionCommands(redis))
    return store
  }

  private constructor(options: ResolvedRedisSessionStoreOptions, redis: Redis & SessionCommands) {
    super()
    this.#options = options
    this.#redis = redis
    this.#timer = setInterval(() => {
      this.flush().catch((error: ShardwireError) => this.#emitError(error))
    }, options.flushIntervalMs)
    // Pending saves are flushed by close(); the timer alone must not keep a process alive.
    this.#timer.unref()
  }

  /** How many saves wait for the next flush. */
  get pending(): number {
    return this.#pending.size
  }

  /**
   * The saved session of shard `shardId`, or null. A save not flushed yet is returned as is.
   * Rejects with `REDIS_COMMAND_FAILED` when Redis cannot answer, `REDIS_CLOSED` after close().
   */
  async retrieve(shardId: number): Promise<SessionInfo | null> {
    validateShardId(shardId)
    if (this.#closed) throw closedError()
    if (this.#pending.has(shardId)) return this.#pending.get(shardId) ?? null
    let fields: Record<string, string>
    try {
      fields = await this.#redis.hgetall(this.#key(shardId))
    } catch (cause) {
      throw new ShardwireError('REDIS_COMMAND_FAILED', `Could not load the session of shard ${shardId} from Redis`, { cause })
    }
    const { sessionId, sequence, resumeUrl, shardCount } = fields
    if (sessionId === undefined || sequence === undefined || resumeUrl === undefined || shardCount === undefined) return null
    // The shard checks the shape (and the shard count) before it resumes; here only the types are restored.
    return { sessionId, sequence: Number(sequence), resumeUrl, shardCount: Number(shardCount) }
  }

  /**
   * Records the session of shard `shardId` (or `null` to forget it) for the next flush; the latest
   * call per shard wins. Never touches Redis itself, so it never fails for Redis's sake.
   * Throws `REDIS_CLOSED` after close().
   */
  update(shardId: number, info: SessionInfo | null): void {
    validateShardId(shardId)
    if (this.#closed) throw closedError()
    this.#pending.set(shardId, info)
  }

  /**
   * Writes every pending save now, in one round trip. Rejects with `REDIS_COMMAND_FAILED` when
   * Redis fails; the failed saves stay pending unless newer ones replaced them.
   */
  flush(): Promise<void> {
    // One flush at a time, in order, so a failed older batch never overwrites a newer pending save.
    const run = this.#tail.then(() => this.#flushOnce())
    this.#tail = run.catch(() => {})
    return run
  }

  /** Flushes what is pending (a failure is thrown after the connection is closed), then closes. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    clearInterval(this.#timer)
    let failure: unknown = null
    await this.flush().catch((error: unknown) => { failure = error })
    this.#closed = true
    await closeRedis(this.#redis)
    if (failure !== null) throw failure
  }

  async #flushOnce(): Promise<void> {
    if (this.#pending.size === 0) return
    const batch = [...this.#pending]
    this.#pending.clear()
    const pipeline = this.#redis.pipeline() as unknown as SessionCommands & { exec(): Promise<Array<[Error | null, unknown]> | null> }
    for (const [shardId, info] of batch) {
      const ttl = this.#options.resumeWindowMs
      if (info === null) void pipeline.swSessionSave(this.#key(shardId), 'del', ttl, this.#known.get(shardId) ?? '', 0, '', 0)
      else void pipeline.swSessionSave(this.#key(shardId), 'set', ttl, info.sessionId, info.sequence, info.resumeUrl, info.shardCount)
    }
    let results: Array<[Error | null, unknown]> | null
    let cause: unknown = null
    try {
      results = await pipeline.exec()
    } catch (error) {
      results = null
      cause = error
    }
    const failed = batch.filter((_, i) => results === null || results[i]?.[0] != null)
    for (const [shardId, info] of batch) {
      if (failed.some(([id]) => id === shardId)) continue
      if (info === null) this.#known.delete(shardId)
      else this.#known.set(shardId, info.sessionId)
    }
    if (failed.length === 0) return
    for (const [shardId, info] of failed) if (!this.#pending.has(shardId)) this.#pending.set(shardId, info)
    cause ??= results?.find(([error]) => error !== null)?.[0]
    throw new ShardwireError('REDIS_COMMAND_FAILED', `Could not save ${failed.length} session(s) to Redis; they stay pending`, { cause })
  }

  #key(shardId: number): string {
    return `${this.#options.connection.keyPrefix}session:${shardId}`
  }

  // 'error' throws when unheard; a failed flush is retried, so an unheard one is dropped.
  #emitError(error: ShardwireError): void {
    if (this.listenerCount('error') > 0) this.#emitSafe('error', error)
  }

  #emitSafe<E extends keyof RedisSessionStoreEvents>(name: E, ...args: RedisSessionStoreEvents[E]): void {
    try {
      ;(this.emit as (name: E, ...args: RedisSessionStoreEvents[E]) => boolean)(name, ...args)
    } catch (error) {
      rethrowLater(error)
    }
  }
}

function validateShardId(shardId: number): void {
  if (!Number.isSafeInteger(shardId) || shardId < 0) throw new InvalidOptionError('shardId', `expected an integer >= 0, got ${String(shardId)}`)
}

function closedError(): ShardwireError {
  return new ShardwireError('REDIS_CLOSED', 'The Redis session store was closed')
}
