// RedisShardOwnership against the shared Redis, several members in this process: leases, fencing,
// the local safety rule under a partition, and hand-overs through beforeRelease.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { test } from 'node:test'
import type { Redis } from 'ioredis'
import { RedisShardOwnership, type RedisShardOwnershipOptions } from '../src/index.js'
import { defineOwnershipCommands } from '../src/ownership/ownership-scripts.js'
import { startBlackholeProxy } from './blackhole-proxy.js'
import { deleteKeys, inspector, sharedRedisUrl, sleep, uniquePrefix } from './redis-test-harness.js'

// Fresh prefixes, nothing running: the cold-start cooldown (tested with a restarted Redis) would only slow these down.
const timings = { leaseMs: 600, renewIntervalMs: 100, safetyMarginMs: 200, coldStartCooldown: false } as const

/** Resolves once `check` holds, polled every 20 ms; fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  for (let waited = 0; !(await check()); waited += 20) {
    if (waited >= ms) assert.fail(`timed out waiting until ${what}`)
    await sleep(20)
  }
}

async function withCluster(name: string, body: (ctx: { prefix: string; redis: Redis; join: (options: Partial<RedisShardOwnershipOptions>) => Promise<RedisShardOwnership> }) => Promise<void>): Promise<void> {
  const prefix = uniquePrefix(name)
  const redis = await inspector()
  const members: RedisShardOwnership[] = []
  const join = async (options: Partial<RedisShardOwnershipOptions>): Promise<RedisShardOwnership> => {
    const member = await RedisShardOwnership.connect({ url: sharedRedisUrl, keyPrefix: prefix, plan: { shardCount: 4 }, ...timings, ...options })
    members.push(member)
    return member
  }
  try {
    await body({ prefix, redis, join })
  } finally {
    await Promise.all(members.map((member) => member.close()))
    redis.disconnect()
    await deleteKeys(prefix)
  }
}

function ownerOf(redis: Redis, prefix: string, shardId: number): Promise<string | null> {
  return redis.hget(`${prefix}own:lease:${shardId}`, 'member')
}

test('two members split 24 shards evenly, each lease held by exactly one, with increasing tokens', async () => {
  await withCluster('split', async ({ prefix, redis, join }) => {
    const a = await join({ memberId: 'a', plan: { shardCount: 24 } })
    const b = await join({ memberId: 'b', plan: { shardCount: 24 } })
    a.start()
    b.start()
    await until(() => a.owned.size === 12 && b.owned.size === 12, 5000, 'both own 12')
    for (let shardId = 0; shardId < 24; shardId++) {
      const owner = await ownerOf(redis, prefix, shardId)
      assert.equal(owner, a.owned.has(shardId) ? 'a' : 'b', `shard ${shardId}`)
      assert.ok(a.owned.has(shardId) !== b.owned.has(shardId), `shard ${shardId} owned once`)
    }
  })
})

test('fencing: a lease that expired and was claimed again is lost by the old owner, and a stale token changes nothing', async () => {
  await withCluster('fence', async ({ prefix, redis, join }) => {
    const a = await join({ memberId: 'a' })
    const lost: [number, string][] = []
    a.on('lost', (shardId, reason) => lost.push([shardId, reason]))
    a.start()
    await until(() => a.owned.size === 4, 3000, 'a owns all 4')
    const oldToken = a.owned.get(0)!
    // Another member takes shard 0 the moment its lease is gone (as after an expiry a renewal missed).
    const other = defineOwnershipCommands(await inspector())
    try {
      await redis.del(`${prefix}own:lease:0`)
      const [token] = await other.swOwnClaim(prefix, 'z', 60_000, '0', 0)
      assert.equal(token, oldToken + 1, 'the new owner gets the next token')
      await until(() => lost.length > 0, 2000, 'a hears it')
      assert.deepEqual(lost, [[0, 'fenced']])
      assert.equal(a.owned.has(0), false)
      // A late release (or renewal) with the old token cannot touch the new lease.
      assert.equal(await other.swOwnRelease(prefix, 'a', 0, oldToken, 'release', 0), 0)
      assert.deepEqual(await other.swOwnRenew(prefix, 'a', 600, 600, 0, oldToken), [0])
      assert.equal(await ownerOf(redis, prefix, 0), 'z')
      assert.deepEqual([...a.owned.keys()].sort(), [1, 2, 3], 'the other shards are unaffected')
    } finally {
      other.disconnect()
    }
  })
})

test('partition: the cut-off member stops its shards while its leases still stand; the other claims them only afterwards', async () => {
  const proxy = await startBlackholeProxy(sharedRedisUrl)
  try {
    await withCluster('partition', async ({ prefix, redis, join }) => {
      const a = await join({ memberId: 'a', url: proxy.url, connectTimeoutMs: 150 })
      const lostAt = new Map<number, number>()
      const leaseAtLoss: Promise<[string | null, number]>[] = []
      const reasons: string[] = []
      a.on('error', () => {}) // the failed renewals
      a.on('lost', (shardId, reason) => {
        reasons.push(reason)
        lostAt.set(shardId, Date.now())
        // Right when a stops the shard, Redis still holds a's lease: nobody else can have it.
        const key = `${prefix}own:lease:${shardId}`
        leaseAtLoss.push(Promise.all([redis.hget(key, 'member'), redis.pttl(key)]))
      })
      a.start()
      await until(() => a.owned.size === 4, 3000, 'a owns all 4')
      const b = await join({ memberId: 'b' })
      const claimedAt = new Map<number, number>()
      b.on('claimed', (shardId) => claimedAt.set(shardId, Date.now()))
      proxy.cut()
      b.start()
      await until(() => b.owned.size === 4, 4000, 'b owns all 4')
      assert.equal(a.owned.size, 0)
      assert.deepEqual(reasons, ['deadline', 'deadline', 'deadline', 'deadline'], 'the local rule stopped each shard')
      for (const [owner, pttl] of await Promise.all(leaseAtLoss)) {
        assert.equal(owner, 'a')
        assert.ok(pttl > 0, `the lease still had ${pttl} ms`)
      }
      for (let shardId = 0; shardId < 4; shardId++) assert.ok(lostAt.get(shardId)! <= claimedAt.get(shardId)!, `shard ${shardId}: stopped before claimed elsewhere`)
    })
  } finally {
    await proxy.close()
  }
})

test('a member joining takes shards over gradually: handover, beforeRelease, release, then the claim', async () => {
  await withCluster('handover', async ({ prefix, redis, join }) => {
    const log: string[] = []
    let failOnce = true
    const a = await join({
      memberId: 'a',
      beforeRelease: async (shardId) => {
        if (failOnce) {
          failOnce = false
          throw new Error('not now')
        }
        log.push(`a:beforeRelease:${shardId}`)
        await sleep(50)
        log.push(`a:closed:${shardId}`)
      },
    })
    const errors: string[] = []
    a.on('error', (error) => errors.push(error.code))
    a.on('handover', (shardId, to) => log.push(`a:handover:${shardId}:${to}`))
    a.on('released', (shardId) => log.push(`a:released:${shardId}`))
    a.start()
    await until(() => a.owned.size === 4, 3000, 'a owns all 4')
    const tokens = a.owned
    const b = await join({ memberId: 'b' })
    b.on('claimed', (shardId, token) => log.push(`b:claimed:${shardId}:${token - tokens.get(shardId)!}`))
    b.start()
    await until(() => a.owned.size === 2 && b.owned.size === 2, 5000, 'two each')
    assert.deepEqual(errors, ['OWNERSHIP_HANDOVER_FAILED'], 'the first hand-over was abandoned')
    const moved = [...b.owned.keys()].sort()
    for (const shardId of moved) {
      const mine = log.filter((line) => line.split(':')[2] === String(shardId))
      assert.deepEqual(mine.slice(-5), [`a:handover:${shardId}:b`, `a:beforeRelease:${shardId}`, `a:closed:${shardId}`, `a:released:${shardId}`, `b:claimed:${shardId}:1`])
      assert.equal(await ownerOf(redis, prefix, shardId), 'b')
    }
    // One at a time: the second hand-over starts only after the first claim.
    const starts = log.filter((line) => line.startsWith('a:beforeRelease') || line.startsWith('b:claimed'))
    assert.deepEqual(starts.map((line) => line.split(':')[1]), ['beforeRelease', 'claimed', 'beforeRelease', 'claimed'])
  })
})

test('close releases every lease at once, and another member claims them without waiting for expiry', async () => {
  await withCluster('close', async ({ prefix, redis, join }) => {
    const a = await join({ memberId: 'a', leaseMs: 60_000, renewIntervalMs: 100, safetyMarginMs: 1000 })
    const released: number[] = []
    a.on('released', (shardId) => released.push(shardId))
    a.start()
    await until(() => a.owned.size === 4, 3000, 'a owns all 4')
    await a.close()
    assert.deepEqual(released.sort(), [0, 1, 2, 3])
    assert.equal(await redis.zscore(`${prefix}own:members`, 'a'), null, 'a left the member set')
    const b = await join({ memberId: 'b', leaseMs: 60_000, renewIntervalMs: 100, safetyMarginMs: 1000 })
    b.start()
    await once(b, 'claimed')
    await until(() => b.owned.size === 4, 2000, 'b owns all 4 at once')
  })
})
