// Shared by the Redis tests: the shared server, unique key prefixes and their cleanup.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { clearRedisState } from '../src/index.js'

/** The shared test Redis (DEVELOPERS.md); every test keeps to its own key prefix. */
export const sharedRedisUrl = process.env['SHARDWIRE_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0'

/** A key prefix no other test (or run) uses. Random only for isolation: no test decision depends on it. */
export function uniquePrefix(name: string): string {
  return `shardwire-test:${name}:${process.pid}:${randomBytes(4).toString('hex')}:`
}

/** Deletes every key under `prefix` (never FLUSHDB: others share the server). */
export async function deleteKeys(prefix: string, url = sharedRedisUrl): Promise<void> {
  await clearRedisState({ url, keyPrefix: prefix })
}

/** Opens a plain client on the shared Redis, for looking at what the code under test wrote. */
export async function inspector(url = sharedRedisUrl): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true })
  redis.on('error', () => {})
  await redis.connect()
  return redis
}

export { sleep }
