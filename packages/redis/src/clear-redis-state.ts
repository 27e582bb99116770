import { closeRedis, openRedis } from './open-redis.js'
import { resolveRedisConnection, type RedisConnectionOptions } from './redis-connection-options.js'

// One script scans and deletes, so clearing is one round trip and never touches another prefix.
const clearScript = `local cursor, n = '0', 0
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1] .. '*', 'COUNT', 500)
  cursor = page[1]
  for _, key in ipairs(page[2]) do redis.call('DEL', key); n = n + 1 end
until cursor == '0'
return n`

const ignore = (): void => {}

/**
 * Deletes every key under `keyPrefix`: the bot's identify buckets, session budget, sessions and
 * shard leases. For tests and for operators starting a bot afresh (after changing
 * `max_concurrency`, say). Never FLUSHDB: other bots may share the server.
 * @returns how many keys were deleted
 * @throws InvalidOptionError on a bad option; ShardwireError `REDIS_UNAVAILABLE` when Redis cannot be reached in time
 */
export async function clearRedisState(options: RedisConnectionOptions): Promise<number> {
  const connection = resolveRedisConnection(options)
  const redis = await openRedis(connection, { onLost: ignore, onReconnecting: ignore, onRestored: ignore })
  try {
    return Number(await redis.eval(clearScript, 0, connection.keyPrefix))
  } finally {
    await closeRedis(redis)
  }
}
