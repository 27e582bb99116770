import type { Redis } from 'ioredis'

/**
 * Saves one shard's session (a hash), unless it would move the saved session backwards: a write
 * of the same session with a lower sequence (a process that lost the shard writing late) only
 * refreshes the expiry. Forgetting (`del`) removes the session only when it is the one this
 * process knew (ARGV[3]; '' when it knew none), so a late forget cannot erase a new owner's session.
 * KEYS: session. ARGV: op ('set' | 'del'), ttlMs, sessionId, sequence, resumeUrl, shardCount.
 * Returns 1 when written (or deleted), 0 when left as it was.
 */
const saveScript = `
local stored = redis.call('HMGET', KEYS[1], 'sessionId', 'sequence')
if ARGV[1] == 'del' then
  if ARGV[3] == '' or not stored[1] or stored[1] == ARGV[3] then
    redis.call('DEL', KEYS[1])
    return 1
  end
  return 0
end
if stored[1] == ARGV[3] and tonumber(stored[2]) > tonumber(ARGV[4]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
redis.call('HSET', KEYS[1], 'sessionId', ARGV[3], 'sequence', ARGV[4], 'resumeUrl', ARGV[5], 'shardCount', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`

/** The session store's atomic operation, as a command on one ioredis client (or pipeline). */
export interface SessionCommands {
  swSessionSave(key: string, op: 'set' | 'del', ttlMs: number, sessionId: string, sequence: number, resumeUrl: string, shardCount: number): Promise<0 | 1>
}

/** Registers the session scripts on `redis`. */
export function defineSessionCommands(redis: Redis): Redis & SessionCommands {
  redis.defineCommand('swSessionSave', { numberOfKeys: 1, lua: saveScript })
  return redis as Redis & SessionCommands
}
