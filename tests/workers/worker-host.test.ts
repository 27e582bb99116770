// A real worker host (worker_threads) running shards against the simulator through the bridge:
// identify permits from the main thread's queue, sessions through the bridge, batched events.
import assert from 'node:assert/strict'
import { afterEach, test } from 'node:test'
import { LocalIdentifyQueue } from '@shardwire/core'
import type { GatewaySimulator } from '@shardwire/simulator'
import { startSim, timing, until } from '../shard/sim-harness.js'
import { LeaseFence, fenceNow } from '@shardwire/worker'
import { HostedWorker, simShardConfig } from './worker-harness.js'

let sim: GatewaySimulator | null = null
let hosted: HostedWorker | null = null
afterEach(async () => {
  await hosted?.stop()
  hosted = null
  await sim?.close()
  sim = null
})

function identifyQueue(s: GatewaySimulator): LocalIdentifyQueue {
  return new LocalIdentifyQueue({ maxConcurrency: s.options.maxConcurrency, windowMs: timing.identifyWindowMs + 100 })
}

test('four shards in a worker reach READY with permits from the main thread, and deliver in order', async () => {
  sim = await startSim({ shards: 4, maxConcurrency: 2 })
  const s = sim
  hosted = new HostedWorker({ config: simShardConfig(s, 4, { compression: 'zlib-stream' }), queue: identifyQueue(s) })
  const h = hosted
  await h.client.api.startShards([0, 1, 2, 3])
  await until(() => h.readies() === 4, 'four readies')
  assert.deepEqual(s.records.violations, [])
  assert.deepEqual(s.records.identifies.map((identify) => identify.outcome), ['ready', 'ready', 'ready', 'ready'])
  // Two buckets: shards 0 and 1 first, then 2 and 3 a window later.
  assert.deepEqual(s.records.identifies.slice(0, 2).map((identify) => identify.bucket).sort(), [0, 1])
  assert.deepEqual(s.records.identifies.slice(2).map((identify) => identify.bucket).sort(), [0, 1])

  for (let i = 0; i < 50; i++) s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: i }, { shard: i % 4 })
  await until(() => [0, 1, 2, 3].every((shardId) => {
    const sessionId = h.currentSession(shardId)
    return sessionId !== undefined && h.delivered.get(sessionId)!.length === s.records.session(sessionId)!.dispatches.length
  }), 'every dispatch delivered to the main thread')
  for (const [sessionId, delivered] of h.delivered) {
    assert.deepEqual(delivered, s.records.session(sessionId)!.dispatches, `session ${sessionId}: exactly once, in order`)
  }
  assert.ok(h.batches < 54 + 4, `dispatches were batched (${h.batches} batches)`)

  const status = await h.client.api.fetchStatus()
  assert.deepEqual(status.map((shard) => [shard.shardId, shard.status]), [[0, 'ready'], [1, 'ready'], [2, 'ready'], [3, 'ready']])
  for (const shard of status) assert.equal(shard.sequence, s.records.session(h.currentSession(shard.shardId)!)!.dispatches.length)
  await until(() => [0, 1, 2, 3].every((shardId) => h.sessions.get(shardId)?.sessionId === h.currentSession(shardId)), 'sessions saved through the bridge')
})

test('sends reach the simulator, the filter holds back unlistened events, unknown shards fail by code', async () => {
  sim = await startSim({ shards: 2 })
  const s = sim
  hosted = new HostedWorker({ config: simShardConfig(s, 2), queue: identifyQueue(s), eventFilter: ['READY', 'MESSAGE_CREATE'] })
  const h = hosted
  await h.client.api.startShards([0, 1])
  await until(() => h.readies() === 2, 'two readies')

  await h.client.api.send(1, { op: 3, d: { since: null, activities: [], status: 'idle', afk: false } })
  const connection = s.records.connections.find((candidate) => candidate.shard?.[0] === 1)!
  await until(() => (connection.opsReceived[3] ?? 0) === 1, 'the presence update at the simulator')

  s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 1 }, { shard: 0 })
  s.dispatch('MESSAGE_CREATE', { id: '10', channel_id: '1', content: 'hi' }, { shard: 0 })
  await until(() => h.delivered.get(h.currentSession(0)!)!.length === 2, 'the message')
  assert.deepEqual(h.delivered.get(h.currentSession(0)!)!.map((event) => event.t), ['READY', 'MESSAGE_CREATE'])

  await h.client.api.setEventFilter(['TYPING_START'])
  s.dispatch('MESSAGE_CREATE', { id: '11', channel_id: '1', content: 'held' }, { shard: 0 })
  s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 2 }, { shard: 0 })
  await until(() => h.delivered.get(h.currentSession(0)!)!.length === 3, 'the typing event')
  assert.deepEqual(h.delivered.get(h.currentSession(0)!)!.map((event) => event.t), ['READY', 'MESSAGE_CREATE', 'TYPING_START'])

  await assert.rejects(h.client.api.send(7, { op: 3, d: null }), { code: 'SHARD_NOT_FOUND' })
  await assert.rejects(h.client.api.reconnect(7, 'resume'), { code: 'SHARD_NOT_FOUND' })
})

test('a killed worker rejects pending calls and releases its identify tickets', async () => {
  sim = await startSim({ shards: 2, maxConcurrency: 1 })
  const s = sim
  // A window far longer than the test: shard 1 stays waiting for its permit.
  const queue = new LocalIdentifyQueue({ maxConcurrency: 1, windowMs: 60_000 })
  hosted = new HostedWorker({ config: simShardConfig(s, 2), queue })
  const h = hosted
  await h.client.api.startShards([0, 1])
  await until(() => h.readies() === 1 && h.tickets.size === 1, 'shard 0 ready and shard 1 waiting')
  await h.worker.terminate()
  await assert.rejects(h.client.api.fetchStatus(), { code: 'WORKER_DIED' })
  assert.equal(h.tickets.size, 0)
})

test('the lease fence: a shard whose lease lapsed is stopped by its worker instead of reconnecting, with no word from the main thread', async () => {
  sim = await startSim({ shards: 2, maxConcurrency: 2 })
  const s = sim
  const buffer = LeaseFence.allocate(2)
  const fence = new LeaseFence(buffer)
  fence.set(0, fenceNow() + 60_000)
  fence.set(1, fenceNow() + 60_000)
  hosted = new HostedWorker({ config: simShardConfig(s, 2), queue: identifyQueue(s), leaseDeadlines: buffer })
  const h = hosted
  await h.client.api.startShards([0, 1])
  await until(() => h.readies() === 2, 'two readies')
  // Shard 0's lease lapses (as in a process paused past it); then its connection drops resumably.
  fence.set(0, 0)
  const connections = s.records.connections.length
  s.faults.close(4000, { shard: 0 })
  s.faults.close(4000, { shard: 1 })
  await until(() => h.lifecycle.some((event) => event.type === 'fenced' && event.shardId === 0), 'the fenced report')
  await until(() => s.records.resumes.length >= 1, 'shard 1 to resume')
  // Time for shard 0 to try (its backoff is 20-400 ms): it never opens another connection.
  await new Promise((resolve) => setTimeout(resolve, 800))
  assert.deepEqual(s.records.resumes.map((resume) => s.records.session(resume.sessionId!)?.shard[0]), [1], 'only the unfenced shard resumed')
  assert.equal(s.records.connections.length, connections + 1, 'one new connection: shard 1\'s')
  assert.deepEqual((await h.client.api.fetchStatus()).map((shard) => shard.shardId), [1], 'the worker forgot shard 0')
  assert.ok(!fence.expired(1) && fence.expired(0))
})
