import { Redis } from 'ioredis'
import { ShardwireError } from '@shardwire/core'
import { reconnectDelay } from './reconnect-delay.js'
import type { ResolvedRedisConnection } from './redis-connection-options.js'

/** What happens to a Redis connection after start-up, reported to its owner. */
export interface RedisLifecycle {
  /** The connection was lost; commands fail until it is back. */
  onLost(error: unknown): void
  /** A reconnect attempt (0 for the first) is scheduled `delayMs` from now. */
  onReconnecting(attempt: number, delayMs: number): void
  /** The connection is back and ready for commands. */
  onRestored(): void
}

/**
 * Connects to Redis, or fails with `REDIS_UNAVAILABLE` once `connectTimeoutMs` passes without a
 * ready connection. Afterwards the client reconnects by itself with capped exponential backoff
 * and reports through `lifecycle`. Commands fail at once while disconnected (no offline queue)
 * and are never resent after a reconnect: a caller retries on its own terms, so a stale identify
 * request is never replayed behind its back.
 */
export async function openRedis(connection: ResolvedRedisConnection, lifecycle: RedisLifecycle): Promise<Redis> {
  let attempt = 0
  let lastError: unknown = null
  let wasReady = false
  const redis = new Redis(connection.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: connection.connectTimeoutMs,
    commandTimeout: connection.connectTimeoutMs,
    // Called as soon as a connection closes unasked (ioredis emits 'close' only later), so the loss is reported here.
    retryStrategy: () => {
      const delayMs = reconnectDelay(attempt, connection.random, connection.backoff)
      if (wasReady && attempt === 0) lifecycle.onLost(lastError)
      if (wasReady) lifecycle.onReconnecting(attempt, delayMs)
      attempt++
      return delayMs
    },
  })
  // An 'error' nobody hears makes ioredis print; the errors surface as failed commands and events instead.
  redis.on('error', (error: unknown) => {
    lastError = error
  })
  redis.on('ready', () => {
    attempt = 0
    if (wasReady) lifecycle.onRestored()
    wasReady = true
  })
  const ready = new Promise<void>((resolve) => redis.once('ready', () => resolve()))
  redis.connect().catch(() => {}) // retried by retryStrategy until ready or the deadline below
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), connection.connectTimeoutMs)
  })
  const outcome = await Promise.race([ready, deadline])
  clearTimeout(timer)
  if (outcome === 'timeout') {
    redis.disconnect()
    const where = redactUrl(connection.url)
    throw new ShardwireError('REDIS_UNAVAILABLE', `Redis at ${where} was not reachable within ${connection.connectTimeoutMs} ms`, { cause: lastError })
  }
  return redis
}

/** Closes politely (QUIT) when Redis answers, at once otherwise. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit()
      return
    } catch {
      // fall through: the connection is going away anyway
    }
  }
  redis.disconnect()
}

// A connection string may hold a password: errors name the host only.
function redactUrl(url: string): string {
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
}
