// Test Redis prefixes and their cleanup.
import { randomBytes } from 'node:crypto'
import { clearRedisState } from '@shardwire/redis'

/** The shared test Redis; every test keeps to its own key prefix. */
export const redisUrl = process.env['SHARDWIRE_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0'

/** A key prefix no other test (or run) uses. Random only for isolation: no test decision depends on it. */
export function uniquePrefix(name: string): string {
  return `shardwire-test:${name}:${process.pid}:${randomBytes(4).toString('hex')}:`
}

/** Deletes every key under `prefix` (never FLUSHDB: others share the server); resolves with the count. */
export function deleteKeys(prefix: string, url = redisUrl): Promise<number> {
  return clearRedisState({ url, keyPrefix: prefix })
}
