import type { Redis } from 'ioredis'

// The identify queue's state, per key prefix (all times are Redis `TIME` in ms, the one clock
// every process shares; machines' own clocks may differ by more than a window):
//   iq:state            marker: present while Redis holds this state (gone after a restart without persistence)
//   iq:cooldown         no bucket grants before this time (set when the state was found lost)
//   iq:seq              ticket counter: arrival order at Redis, which makes each bucket's line FIFO
//   iq:budget           hash { remaining, total, resetAt }: the daily session start budget
//   iq:<b>:line         zset ticket -> arrival number: the waiters of bucket b, in order
//   iq:<b>:lease        zset ticket -> lease expiry: a waiter that stops renewing leaves the line
//   iq:<b>:next         the time bucket b may grant again (expires with the window)

const nowMs = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function str(n) return string.format('%.0f', n) end
`

// Rolls the budget over when its reset time passed (Discord then restores `total`, for another 24 h).
const budgetRead = `
local function readBudget(key, now)
  if redis.call('EXISTS', key) == 0 then return nil end
  local b = redis.call('HMGET', key, 'remaining', 'total', 'resetAt')
  local remaining, total, resetAt = tonumber(b[1]), tonumber(b[2]), tonumber(b[3])
  if now >= resetAt then
    resetAt = resetAt + (math.floor((now - resetAt) / 86400000) + 1) * 86400000
    remaining = total
    redis.call('HSET', key, 'remaining', str(remaining), 'resetAt', str(resetAt))
  end
  return { remaining, total, resetAt }
end
`

/**
 * Creates the state marker. When it was missing (a first run, or Redis lost its data) and
 * ARGV[2] is '1', no grant happens for one window: an identify may have happened just before.
 * KEYS: state, cooldown. ARGV: windowMs, cooldownOnFresh. Returns 1 when the state was fresh.
 */
const initScript = `${nowMs}
if redis.call('SET', KEYS[1], '1', 'NX') then
  if ARGV[2] == '1' then redis.call('SET', KEYS[2], str(now + tonumber(ARGV[1])), 'PX', ARGV[1]) end
  return 1
end
return 0
`

/**
 * One waiter's turn: joins the line (or renews its lease), and takes the bucket when it is at
 * the head, the window has passed and the budget allows. Check and update in one script, so
 * two processes can never both take one window.
 * KEYS: state, cooldown, seq, budget, line, lease, next.
 * ARGV: ticket, leaseMs, windowMs, reserve, seedRemaining, seedTotal, seedResetAt ('' when unknown).
 * Returns { status, value, stateLost, remaining, resetAt, total } (-1s when no budget is set): status 1 = granted (value = grant
 * time), 0 = wait (value = ms until the bucket frees; -1 = the head is due, poll again soon),
 * 2 = budget held back (value = ms until the reset).
 */
const pollScript = `${nowMs}${budgetRead}
local ticket, leaseMs, windowMs, reserve = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local lost = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], '1')
  redis.call('SET', KEYS[2], str(now + windowMs), 'PX', windowMs)
  if ARGV[5] ~= '' then redis.call('HSET', KEYS[4], 'remaining', ARGV[5], 'total', ARGV[6], 'resetAt', ARGV[7]) end
  lost = 1
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now)
for _, gone in ipairs(expired) do redis.call('ZREM', KEYS[5], gone) end
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
if not redis.call('ZSCORE', KEYS[5], ticket) then
  redis.call('ZADD', KEYS[5], redis.call('INCR', KEYS[3]), ticket)
end
redis.call('ZADD', KEYS[6], str(now + leaseMs), ticket)
local budget = readBudget(KEYS[4], now)
local remaining, total, resetAt = -1, -1, -1
if budget then remaining, total, resetAt = budget[1], budget[2], budget[3] end
if budget and remaining <= reserve then return { 2, resetAt - now, lost, remaining, resetAt, total } end
local freeAt = math.max(tonumber(redis.call('GET', KEYS[7]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'))
if freeAt > now then return { 0, freeAt - now, lost, remaining, resetAt, total } end
if redis.call('ZRANGE', KEYS[5], 0, 0)[1] ~= ticket then return { 0, -1, lost, remaining, resetAt, total } end
if budget then
  remaining = remaining - 1
  redis.call('HSET', KEYS[4], 'remaining', str(remaining))
end
redis.call('ZREM', KEYS[5], ticket)
redis.call('ZREM', KEYS[6], ticket)
redis.call('SET', KEYS[7], str(now + windowMs), 'PX', windowMs)
return { 1, now, lost, remaining, resetAt, total }
`

/** Leaves a line without a grant. KEYS: line, lease. ARGV: ticket. */
const leaveScript = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`

/**
 * Gives back a grant nobody used (its waiter was withdrawn while the grant was on the wire),
 * only if no later grant happened since. KEYS: next, budget. ARGV: the `next` value the grant set,
 * '1' when the grant spent from the budget. Returns 1 when refunded.
 */
const refundScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
if ARGV[2] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then redis.call('HINCRBY', KEYS[2], 'remaining', 1) end
return 1
`

/**
 * A shard wrote its identify: its bucket's window restarts now (on Redis's clock), so the next
 * grant is a whole window after the identify Discord sees, however late the grant reached it.
 * KEYS: next. ARGV: windowMs.
 */
const identifySentScript = `${nowMs}
local later = now + tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[1]) or '0') < later then redis.call('SET', KEYS[1], str(later), 'PX', ARGV[1]) end
return 1
`

/**
 * Records the session start budget from `GET /gateway/bot`. Within one budget period the lower
 * `remaining` wins: another process may have spent some since this answer was fetched.
 * KEYS: budget. ARGV: remaining, total, resetAfterMs. Returns { remaining, resetAt }.
 */
const setBudgetScript = `${nowMs}${budgetRead}
local remaining, total, resetAt = tonumber(ARGV[1]), tonumber(ARGV[2]), now + tonumber(ARGV[3])
local stored = readBudget(KEYS[1], now)
-- The same period when the stored reset is at most a minute before the new one (reset_after ages in flight).
if stored and stored[3] >= resetAt - 60000 and stored[1] < remaining then remaining = stored[1] end
redis.call('HSET', KEYS[1], 'remaining', str(remaining), 'total', str(total), 'resetAt', str(resetAt))
return { remaining, resetAt }
`

/** What {@link pollScript} answers, as ioredis returns it. */
export type PollReply = [status: 0 | 1 | 2, value: number, stateLost: 0 | 1, remaining: number, resetAt: number, total: number]

/** The identify queue's atomic operations, as commands on one ioredis client. */
export interface IdentifyCommands {
  swIdentifyInit(state: string, cooldown: string, windowMs: number, cooldownOnFresh: '0' | '1'): Promise<0 | 1>
  /** KEYS then ARGV of {@link pollScript}, in order. */
  swIdentifyPoll(...keysThenArgs: Array<string | number>): Promise<PollReply>
  swIdentifyLeave(line: string, lease: string, ticket: string): Promise<1>
  swIdentifyRefund(next: string, budget: string, nextValue: string, spentBudget: '0' | '1'): Promise<0 | 1>
  swIdentifySent(next: string, windowMs: number): Promise<1>
  swIdentifySetBudget(budget: string, remaining: number, total: number, resetAfterMs: number): Promise<[remaining: number, resetAt: number]>
}

/**
 * Registers the scripts on `redis` (ioredis sends EVALSHA, falling back to EVAL once per
 * connection, so a restarted Redis gets them again).
 */
export function defineIdentifyCommands(redis: Redis): Redis & IdentifyCommands {
  redis.defineCommand('swIdentifyInit', { numberOfKeys: 2, lua: initScript })
  redis.defineCommand('swIdentifyPoll', { numberOfKeys: 7, lua: pollScript })
  redis.defineCommand('swIdentifyLeave', { numberOfKeys: 2, lua: leaveScript })
  redis.defineCommand('swIdentifyRefund', { numberOfKeys: 2, lua: refundScript })
  redis.defineCommand('swIdentifySent', { numberOfKeys: 1, lua: identifySentScript })
  redis.defineCommand('swIdentifySetBudget', { numberOfKeys: 1, lua: setBudgetScript })
  return redis as Redis & IdentifyCommands
}
