import { InvalidOptionError, type BackoffOptions } from '@shardwire/core'
import { defaultRedisBackoff } from './reconnect-delay.js'

/** How to reach Redis, shared by every Redis-backed part of one bot (identify queue, session store). */
export interface RedisConnectionOptions {
  /**
   * One connection string for everything: `redis://[user:password@]host:port/db`, or `rediss://` for TLS.
   * Example: `redis://127.0.0.1:6379/0`.
   */
  url: string
  /**
   * Prefixes every key, so that several bots (or several tests) share one Redis without meeting.
   * Use one per bot token, such as `shardwire:123456789:`. Letters, digits and `:_-.{}` only.
   */
  keyPrefix: string
  /**
   * How long start-up may try to reach Redis before failing with `REDIS_UNAVAILABLE`.
   * Also bounds each command: one unanswered for this long fails, so a hung Redis is noticed.
   * @defaultValue 5000
   */
  connectTimeoutMs?: number
  /**
   * Reconnect backoff after Redis is lost mid-run: capped exponential with jitter.
   * @defaultValue `{ baseMs: 1000, maxMs: 30000 }`
   */
  backoff?: BackoffOptions
  /**
   * A source of numbers in `[0, 1)` for the backoff jitter, injected so that tests are deterministic.
   * @defaultValue `Math.random`
   */
  random?: () => number
}

/** {@link RedisConnectionOptions} after validation, with every default filled in. */
export interface ResolvedRedisConnection {
  readonly url: string
  readonly keyPrefix: string
  readonly connectTimeoutMs: number
  readonly backoff: Required<BackoffOptions>
  readonly random: () => number
}

const keyPrefixPattern = /^[A-Za-z0-9:_\-.{}]{1,128}$/

/** Validates {@link RedisConnectionOptions}, throwing `INVALID_OPTION` naming the first bad one. */
export function resolveRedisConnection(options: RedisConnectionOptions): ResolvedRedisConnection {
  const { url, keyPrefix, connectTimeoutMs = 5000, backoff = {}, random = Math.random } = options
  if (typeof url !== 'string' || !URL.canParse(url)) {
    throw new InvalidOptionError('url', `expected a redis:// or rediss:// URL, got ${String(url)}`)
  }
  const parsed = new URL(url)
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InvalidOptionError('url', `expected the redis: or rediss: scheme, got ${parsed.protocol}`)
  }
  const db = parsed.pathname.replace(/^\//, '')
  if (db !== '' && !/^\d{1,2}$/.test(db)) throw new InvalidOptionError('url', `expected a database number as the path, got /${db}`)
  if (typeof keyPrefix !== 'string' || !keyPrefixPattern.test(keyPrefix)) {
    throw new InvalidOptionError('keyPrefix', `expected 1-128 characters of letters, digits and :_-.{} (one prefix per bot), got ${String(keyPrefix)}`)
  }
  if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs < 1) {
    throw new InvalidOptionError('connectTimeoutMs', `expected an integer of at least 1 ms, got ${String(connectTimeoutMs)}`)
  }
  const baseMs = backoff.baseMs ?? defaultRedisBackoff.baseMs
  const maxMs = backoff.maxMs ?? defaultRedisBackoff.maxMs
  if (!Number.isSafeInteger(baseMs) || baseMs < 1) throw new InvalidOptionError('backoff.baseMs', `expected an integer of at least 1 ms, got ${String(baseMs)}`)
  if (!Number.isSafeInteger(maxMs) || maxMs < baseMs) throw new InvalidOptionError('backoff.maxMs', `expected an integer of at least backoff.baseMs (${baseMs}), got ${String(maxMs)}`)
  if (typeof random !== 'function') throw new InvalidOptionError('random', 'expected a function returning numbers in [0, 1)')
  return { url, keyPrefix, connectTimeoutMs, backoff: { baseMs, maxMs }, random }
}
