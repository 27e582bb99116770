import type { Redis } from 'ioredis'

// Keys, all under the bot's prefix P (ARGV[1]), built inside the scripts so that one call covers
// many shards (a single Redis, not Redis Cluster):
//   P own:members         sorted set: member → heartbeat expiry (Redis TIME, ms)
//   P own:lease:<id>      hash { member, token }, expiring after the lease (PEXPIRE: Redis's clock)
//   P own:fence:<id>      the shard's fencing counter: INCR on every claim, never reset
//   P own:request:<id>    a member asking the owner for the shard (expires)
//   P own:reserve:<id>    a released shard kept for the member it was handed to (expires)
//   P own:epoch           exists while Redis holds the ownership state (gone after a restart without persistence)
//   P own:cooldown        while it lives, nothing is claimed: leases Redis forgot may still be running

const now = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`

/**
 * Heartbeat and renewal in one step: refreshes the member's entry, drops expired members, and
 * extends each lease that is still this member's with this token. A lease that expired or was
 * claimed again (a higher token) is not touched: its status is 0, and the member must stop it.
 * ARGV: prefix, member, memberTtlMs, leaseMs, then shardId, token pairs. Returns 1 | 0 per pair.
 */
const renewScript = `${now}
local p = ARGV[1]
redis.call('ZADD', p .. 'own:members', now + tonumber(ARGV[3]), ARGV[2])
redis.call('ZREMRANGEBYSCORE', p .. 'own:members', '-inf', now)
local out = {}
for i = 5, #ARGV, 2 do
  local key = p .. 'own:lease:' .. ARGV[i]
  local lease = redis.call('HMGET', key, 'member', 'token')
  if lease[1] == ARGV[2] and lease[2] == ARGV[i + 1] then
    redis.call('PEXPIRE', key, ARGV[4])
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
`

/**
 * Everything a member plans from, read at one instant: the live members, then for each shard of
 * `first..last` its owner, pending request and reservation ('' for none).
 * ARGV: prefix, first, last. Returns [members, flat triples].
 */
const snapshotScript = `${now}
local p = ARGV[1]
redis.call('ZREMRANGEBYSCORE', p .. 'own:members', '-inf', now)
local members = redis.call('ZRANGE', p .. 'own:members', 0, -1)
local shards = {}
for id = tonumber(ARGV[2]), tonumber(ARGV[3]) do
  shards[#shards + 1] = redis.call('HGET', p .. 'own:lease:' .. id, 'member') or ''
  shards[#shards + 1] = redis.call('GET', p .. 'own:request:' .. id) or ''
  shards[#shards + 1] = redis.call('GET', p .. 'own:reserve:' .. id) or ''
end
return { members, shards }
`

/**
 * Claims free shards: a shard is claimed when it has no lease and is not reserved for another
 * member; its fencing counter is incremented and the new value is the lease's token.
 * When Redis holds no ownership state for the prefix (a first run, or a Redis that restarted
 * without persistence), the leases it forgot may still be running elsewhere until their owners'
 * local deadlines: with cooldown '1', nothing is claimed for one lease from then.
 * ARGV: prefix, member, leaseMs, cooldown ('1' | '0'), shardIds... Returns per shard the token, or 0 when not claimed.
 */
const claimScript = `
local p = ARGV[1]
local out = {}
if redis.call('EXISTS', p .. 'own:epoch') == 0 then
  redis.call('SET', p .. 'own:epoch', '1')
  if ARGV[4] == '1' then redis.call('SET', p .. 'own:cooldown', '1', 'PX', ARGV[3]) end
end
if redis.call('EXISTS', p .. 'own:cooldown') == 1 then
  for i = 5, #ARGV do out[#out + 1] = 0 end
  return out
end
for i = 5, #ARGV do
  local id = ARGV[i]
  local key = p .. 'own:lease:' .. id
  local reserved = redis.call('GET', p .. 'own:reserve:' .. id)
  if redis.call('EXISTS', key) == 1 or (reserved and reserved ~= ARGV[2]) then
    out[#out + 1] = 0
  else
    local token = redis.call('INCR', p .. 'own:fence:' .. id)
    redis.call('HSET', key, 'member', ARGV[2], 'token', token)
    redis.call('PEXPIRE', key, ARGV[3])
    redis.call('DEL', p .. 'own:reserve:' .. id, p .. 'own:request:' .. id)
    out[#out + 1] = token
  end
end
return out
`

/**
 * Asks the owner of a shard to hand it over: only while `from` still holds it and nobody else asked.
 * ARGV: prefix, member, ttlMs, shardId, from. Returns 1 when the request was recorded.
 */
const requestScript = `
local p = ARGV[1]
if redis.call('HGET', p .. 'own:lease:' .. ARGV[4], 'member') ~= ARGV[5] then return 0 end
if redis.call('SET', p .. 'own:request:' .. ARGV[4], ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
return 0
`

/**
 * Releases a lease held with this token (a stale token changes nothing). With mode 'handover' the
 * shard is reserved for the member that asked for it, so nobody else claims it first; with
 * 'decline' only the request is removed and the lease stays.
 * ARGV: prefix, member, shardId, token, mode ('release' | 'handover' | 'decline'), reserveMs.
 * Returns 1 when done, 0 when the lease is not (or no longer) this member's with this token.
 */
const releaseScript = `
local p = ARGV[1]
local key = p .. 'own:lease:' .. ARGV[3]
local lease = redis.call('HMGET', key, 'member', 'token')
if lease[1] ~= ARGV[2] or lease[2] ~= ARGV[4] then return 0 end
local requestKey = p .. 'own:request:' .. ARGV[3]
if ARGV[5] == 'decline' then
  redis.call('DEL', requestKey)
  return 1
end
local to = redis.call('GET', requestKey)
redis.call('DEL', key, requestKey)
if ARGV[5] == 'handover' and to then
  redis.call('SET', p .. 'own:reserve:' .. ARGV[3], to, 'PX', ARGV[6])
end
return 1
`

/** What the release script does besides checking the token. */
export type ReleaseMode = 'release' | 'handover' | 'decline'

/** The ownership scripts, as commands on one ioredis client. */
export interface OwnershipCommands {
  swOwnRenew(prefix: string, member: string, memberTtlMs: number, leaseMs: number, ...pairs: (string | number)[]): Promise<(0 | 1)[]>
  swOwnSnapshot(prefix: string, first: number, last: number): Promise<[string[], string[]]>
  swOwnClaim(prefix: string, member: string, leaseMs: number, cooldown: '1' | '0', ...shardIds: number[]): Promise<number[]>
  swOwnRequest(prefix: string, member: string, ttlMs: number, shardId: number, from: string): Promise<0 | 1>
  swOwnRelease(prefix: string, member: string, shardId: number, token: number, mode: ReleaseMode, reserveMs: number): Promise<0 | 1>
}

/** Registers the ownership scripts on `redis`. */
export function defineOwnershipCommands(redis: Redis): Redis & OwnershipCommands {
  redis.defineCommand('swOwnRenew', { numberOfKeys: 0, lua: renewScript })
  redis.defineCommand('swOwnSnapshot', { numberOfKeys: 0, lua: snapshotScript })
  redis.defineCommand('swOwnClaim', { numberOfKeys: 0, lua: claimScript })
  redis.defineCommand('swOwnRequest', { numberOfKeys: 0, lua: requestScript })
  redis.defineCommand('swOwnRelease', { numberOfKeys: 0, lua: releaseScript })
  return redis as Redis & OwnershipCommands
}
