// redisCluster(): ShardManager's `cluster` option over Redis. Options are checked where they are
// written; a joined member claims shards, hands out their lease deadlines, and shares one
// identify queue and one session store.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { redisCluster } from '../src/index.js'
import { deleteKeys, sharedRedisUrl, uniquePrefix } from './redis-test-harness.js'

const prefixes: string[] = []
after(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix)
})

const sessionStartLimit = { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 2 }

test('redisCluster checks its options at once, naming the bad one', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ url: 'http://127.0.0.1:6379' }, 'url'],
    [{ keyPrefix: 'bad prefix' }, 'keyPrefix'],
    [{ leaseMs: 50 }, 'leaseMs'],
    [{ leaseMs: 3000, renewIntervalMs: 2500, safetyMarginMs: 1000 }, 'renewIntervalMs'],
    [{ identifyWindowMs: 0 }, 'identifyWindowMs'],
    [{ sessionStartReserve: -1 }, 'sessionStartReserve'],
  ]
  for (const [override, option] of cases) {
    assert.throws(() => redisCluster({ url: sharedRedisUrl, keyPrefix: 'ok:', ...override }), { code: 'INVALID_OPTION', option }, JSON.stringify(override))
  }
})

test('joining with a plan that is not a contiguous range is refused', async () => {
  const cluster = redisCluster({ url: sharedRedisUrl, keyPrefix: uniquePrefix('cluster-gap') })
  await assert.rejects(cluster.join({ shardCount: 4, shardIds: [0, 2], maxConcurrency: 2, sessionStartLimit }, { release: async () => {} }), { code: 'INVALID_OPTION', option: 'shardIds' })
})

test('a lone member claims every shard with a lease deadline, and its queue and store work', async () => {
  const keyPrefix = uniquePrefix('cluster-lone')
  prefixes.push(keyPrefix)
  const cluster = redisCluster({ url: sharedRedisUrl, keyPrefix, leaseMs: 3000, renewIntervalMs: 200, safetyMarginMs: 1000, coldStartCooldown: false, identifyWindowMs: 100 })
  const membership = await cluster.join({ shardCount: 3, shardIds: [0, 1, 2], maxConcurrency: 2, sessionStartLimit }, { release: async () => {} })
  const claimed: number[] = []
  const deadlines = new Map<number, number>()
  membership.on('claimed', (shardId) => claimed.push(shardId))
  membership.on('lease', (shardId, deadline) => deadlines.set(shardId, deadline))
  try {
    const before = performance.timeOrigin + performance.now()
    await membership.start()
    // Claims are announced once the store answers for each shard: wait for all three.
    for (let i = 0; i < 100 && claimed.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    assert.deepEqual([...claimed].sort(), [0, 1, 2])
    for (const shardId of [0, 1, 2]) {
      const deadline = deadlines.get(shardId)
      assert.ok(deadline !== undefined && deadline > before && deadline <= before + 3000, `shard ${shardId}: a deadline within one lease (${String(deadline)})`)
    }
    await membership.identifyQueue.waitForIdentify(1, { timeoutMs: 2000 })
    await membership.sessionStore.update(1, { sessionId: 'abc', sequence: 7, resumeUrl: 'ws://127.0.0.1:1', shardCount: 3 })
    assert.deepEqual(await membership.sessionStore.retrieve(1), { sessionId: 'abc', sequence: 7, resumeUrl: 'ws://127.0.0.1:1', shardCount: 3 })
  } finally {
    await membership.close()
  }
  await membership.close()
})
