// WorkerApi.fetchStats and ShardReport.queuedSends on a real worker thread against the
// simulator: what @shardwire/metrics (and the demo) read of each worker.
import assert from 'node:assert/strict'
import { afterEach, test } from 'node:test'
import { LocalIdentifyQueue } from '@shardwire/core'
import type { GatewaySimulator } from '@shardwire/simulator'
import { startSim, timing, until } from '../shard/sim-harness.js'
import { HostedWorker, simShardConfig } from './worker-harness.js'

let sim: GatewaySimulator | null = null
let hosted: HostedWorker | null = null
afterEach(async () => {
  await hosted?.stop()
  hosted = null
  await sim?.close()
  sim = null
})

// Every dispatch the simulator sent, by name, over every session it recorded.
function sentByName(s: GatewaySimulator): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const session of s.records.sessions.values()) {
    for (const { t } of session.dispatches) counts[t] = (counts[t] ?? 0) + 1
  }
  return counts
}

test('fetchStats: thread CPU grows, heap is measured, dispatches are counted by name (held back or not), decode time adds up', async () => {
  sim = await startSim({ shards: 2, maxConcurrency: 2 })
  const s = sim
  // Only READY crosses to the main thread: the counts must include what the filter held back.
  hosted = new HostedWorker({
    config: simShardConfig(s, 2, { compression: 'zlib-stream' }),
    queue: new LocalIdentifyQueue({ maxConcurrency: 2, windowMs: timing.identifyWindowMs + 100 }),
    eventFilter: ['READY'],
  })
  const h = hosted
  await h.client.api.startShards([0, 1])
  await until(() => h.readies() === 2, 'two readies')
  const first = await h.client.api.fetchStats()
  assert.ok(first.resources.heapUsedBytes > 0, 'heap in use is measured')
  assert.ok(first.resources.cpuMicros >= 0, 'thread CPU time is measurable on this platform')

  for (let i = 0; i < 30; i++) s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: i }, { shard: i % 2 })
  for (let i = 0; i < 7; i++) s.dispatch('MESSAGE_CREATE', { id: String(i), channel_id: '1', content: 'hello' }, { shard: i % 2 })
  let stats = first
  await until(() => {
    void h.client.api.fetchStats().then((next) => { stats = next })
    return stats.dispatches.MESSAGE_CREATE === 7 && stats.dispatches.TYPING_START === 30
  }, 'the worker to count every dispatch')
  assert.deepEqual(stats.dispatches, sentByName(s), 'counts by name match what the simulator sent')

  const total = Object.values(stats.dispatches).reduce((sum, count) => sum + count, 0)
  const timings = stats.payloadTimings
  assert.ok(timings.messages >= total, `every dispatch was decoded (${timings.messages} messages, ${total} dispatches)`)
  assert.ok(timings.frames >= timings.messages, 'every message came in at least one frame')
  assert.ok(timings.decodeMicros > 0 && timings.decompressMicros > 0, 'decode and decompress time were measured')

  // Work in the worker until its own CPU clock (10 ms ticks through /proc) moves on, and the
  // decode totals with it. A counter that never moved (or went back) would fail here.
  const load = s.load.start({ ratePerShard: 400, seed: 3 })
  await until(() => {
    void h.client.api.fetchStats().then((next) => { stats = next })
    return stats.resources.cpuMicros > first.resources.cpuMicros && stats.payloadTimings.messages > timings.messages + 20
  }, 'the worker thread to spend CPU time on more messages')
  load.stop()
  assert.ok(stats.payloadTimings.decodeMicros > timings.decodeMicros, 'decode time grows with the messages')
})

test('queuedSends reports the sends waiting for the rate limit', async () => {
  sim = await startSim({ shards: 1 })
  const s = sim
  hosted = new HostedWorker({ config: simShardConfig(s, 1), queue: new LocalIdentifyQueue({ maxConcurrency: 1, windowMs: timing.identifyWindowMs + 100 }) })
  const h = hosted
  await h.client.api.startShards([0])
  await until(() => h.readies() === 1, 'ready')
  assert.deepEqual((await h.client.api.fetchStatus()).map((shard) => shard.queuedSends), [0])
  // 150 sends against a limit of 120 per window: at least 30 must wait. They reject when the shard closes.
  const presence = { op: 3, d: { since: null, activities: [], status: 'online', afk: false } } as const
  const sends = Array.from({ length: 150 }, () => h.client.api.send(0, presence).catch(() => {}))
  const [shard] = await h.client.api.fetchStatus()
  assert.ok(shard!.queuedSends >= 30, `${shard!.queuedSends} sends waiting`)
  await h.stop()
  hosted = null
  await Promise.all(sends)
})
