// ShardManager end to end: 16 shards in 4 real workers against the simulator with max_concurrency 4.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startSim, timing, until } from '../shard/sim-harness.js'
import { createManager, liveFixture } from './manager-harness.js'

const live = liveFixture()

test('16 shards in 4 workers with max_concurrency 4: all READY, no identify violation, identifies by bucket', async () => {
  live.sim = await startSim({ shards: 16, maxConcurrency: 4, guilds: 32 })
  const s = live.sim
  const m = createManager(s, { intents: 1 | 512, shardsPerWorker: 4 })
  live.manager = m
  const readies: number[] = []
  const guilds = new Map<number, number>()
  m.on('shardReady', ({ shardId }) => readies.push(shardId))
  m.on('GUILD_CREATE', (guild, shardId) => guilds.set(shardId, (guilds.get(shardId) ?? 0) + (guild.id.length > 0 ? 1 : 0)))
  await m.connect()
  assert.equal(m.shardCount, 16)
  assert.deepEqual([...readies].sort((a, b) => a - b), Array.from({ length: 16 }, (_, i) => i))
  assert.deepEqual(s.records.violations, [], 'zero violations')
  const identifies = s.records.identifies
  assert.equal(identifies.length, 16)
  assert.ok(identifies.every((identify) => identify.outcome === 'ready'))
  for (let bucket = 0; bucket < 4; bucket++) {
    const times = identifies.filter((identify) => identify.bucket === bucket).map((identify) => identify.at)
    assert.equal(times.length, 4, `bucket ${bucket} identified its 4 shards`)
    // Each bucket starts its shards in ascending order, whichever worker came up first.
    assert.deepEqual(identifies.filter((identify) => identify.bucket === bucket).map((identify) => identify.shard?.[0]), [bucket, bucket + 4, bucket + 8, bucket + 12])
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= timing.identifyWindowMs, `bucket ${bucket} spacing`)
  }
  const status = await m.fetchStatus()
  assert.equal(status.workers.length, 4)
  assert.deepEqual(status.workers.map((worker) => worker.shardIds), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]])
  assert.ok(status.workers.every((worker) => worker.alive && worker.rpcLatency !== null && worker.rpcLatency >= 0))
  assert.ok(status.shards.every((shard) => shard.status === 'ready' && shard.workerId === Math.floor(shard.shardId / 4)))
  await until(() => [...guilds.values()].reduce((a, b) => a + b, 0) === 32, 'every GUILD_CREATE delivered')
})
