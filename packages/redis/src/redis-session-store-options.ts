import { InvalidOptionError } from '@shardwire/core'
import { resolveRedisConnection, type RedisConnectionOptions, type ResolvedRedisConnection } from './redis-connection-options.js'

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions extends RedisConnectionOptions {
  /**
   * How long a saved session lives without being saved again. Past it, the session is forgotten:
   * Discord no longer resumes it after this long (the resume window is undocumented; minutes in practice).
   * Each save restarts it, and shards save every few seconds while connected.
   * @defaultValue 180000
   */
  resumeWindowMs?: number
  /**
   * How often pending saves go to Redis, all shards in one round trip. Saves made between two
   * flushes coalesce per shard (the latest wins), so Redis sees one write per shard per flush at most.
   * @defaultValue 1000
   */
  flushIntervalMs?: number
}

/** {@link RedisSessionStoreOptions} after validation, with every default filled in. */
export interface ResolvedRedisSessionStoreOptions {
  readonly connection: ResolvedRedisConnection
  readonly resumeWindowMs: number
  readonly flushIntervalMs: number
}

/** Validates {@link RedisSessionStoreOptions}, throwing `INVALID_OPTION` naming the first bad one. */
export function resolveRedisSessionStoreOptions(options: RedisSessionStoreOptions): ResolvedRedisSessionStoreOptions {
  const connection = resolveRedisConnection(options)
  const { resumeWindowMs = 180_000, flushIntervalMs = 1000 } = options
  if (!Number.isSafeInteger(resumeWindowMs) || resumeWindowMs < 1000) {
    throw new InvalidOptionError('resumeWindowMs', `expected an integer of at least 1000 ms, got ${String(resumeWindowMs)}`)
  }
  if (!Number.isSafeInteger(flushIntervalMs) || flushIntervalMs < 1 || flushIntervalMs >= resumeWindowMs) {
    throw new InvalidOptionError('flushIntervalMs', `expected an integer from 1 ms to less than resumeWindowMs (${resumeWindowMs}), got ${String(flushIntervalMs)}`)
  }
  return { connection, resumeWindowMs, flushIntervalMs }
}
