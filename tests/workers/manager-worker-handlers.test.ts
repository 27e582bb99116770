// Handlers in the workers: the module's typed handlers run inside each worker, answer through
// their shard, report failures, and no dispatch crosses to the main thread for them.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BroadcastChannel } from 'node:worker_threads'
import type { ShardwireError } from '@shardwire/core'
import { createRandom } from '@shardwire/simulator'
import { startSim, until } from '../shard/sim-harness.js'
import { createManager, liveFixture } from './manager-harness.js'

const live = liveFixture()

test('handlers run in the workers and send through their shard; failures arrive as HANDLER_FAILED', async () => {
  live.sim = await startSim({ shards: 2 })
  const s = live.sim
  const m = createManager(s, { shardsPerWorker: 1, workerModule: new URL('./fixture-handlers.ts', import.meta.url) })
  live.manager = m
  const errors: [ShardwireError, number | null][] = []
  m.on('error', (error, shardId) => errors.push([error, shardId]))
  await m.connect()
  s.dispatch('MESSAGE_CREATE', { id: '1', channel_id: '1', content: 'ping' }, { shard: 1 })
  s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 99 }, { shard: 0 })
  const presence = (shardId: number): number => s.records.connections.find((connection) => connection.shard?.[0] === shardId)?.opsReceived[3] ?? 0
  await until(() => presence(0) === 1 && presence(1) === 1, 'both handlers to answer')
  s.dispatch('MESSAGE_CREATE', { id: '2', channel_id: '1', content: 'throw' }, { shard: 0 })
  await until(() => errors.length === 1, 'the handler failure')
  const [error, shardId] = errors[0]!
  assert.equal(error.code, 'HANDLER_FAILED')
  assert.equal(shardId, 0)
  assert.match(error.message, /MESSAGE_CREATE handler failed on shard 0: handler threw on purpose/)
})

test('with handlers and no main-thread listener, only READY crosses to the main thread', async () => {
  live.sim = await startSim({ shards: 1 })
  const s = live.sim
  const m = createManager(s, { shardsPerWorker: 1, workerModule: new URL('./fixture-handlers.ts', import.meta.url) })
  live.manager = m
  const readies: number[] = []
  m.on('shardReady', ({ shardId }) => readies.push(shardId))
  await m.connect()
  for (let i = 0; i < 20; i++) s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: i }, { shard: 0 })
  s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 99 }, { shard: 0 })
  await until(() => (s.records.connections[0]!.opsReceived[3] ?? 0) === 1, 'the handler to answer the last event')
  const status = await m.fetchStatus()
  const dispatched = s.records.session(s.records.identifies[0]!.sessionId!)!.dispatches.length
  assert.equal(status.shards[0]!.sequence, dispatched)
  // READY crossed for the manager's own bookkeeping; the rest stayed in the worker.
  assert.deepEqual(status.workers[0]!.delivery, { forwarded: 1, held: dispatched - 1 })
  assert.deepEqual(readies, [0])
})

test('a handlers module that does not load fails connect() with WORKER_MODULE_FAILED', async () => {
  live.sim = await startSim({ shards: 1 })
  const m = createManager(live.sim, { shardsPerWorker: 1, workerModule: new URL('./fixture-bad-handlers.ts', import.meta.url) })
  live.manager = m
  await assert.rejects(m.connect(), { code: 'WORKER_MODULE_FAILED', message: /must default-export/ })
})

test('handlers in a crashed worker see each event once, in order, after the restart', async () => {
  live.sim = await startSim({ shards: 4, maxConcurrency: 2 })
  const s = live.sim
  const m = createManager(s, {
    shardsPerWorker: 2,
    workerRestart: { baseMs: 50, maxMs: 100 },
    random: createRandom(5).next,
    workerModule: new URL('./fixture-observing-handlers.ts', import.meta.url),
  })
  live.manager = m
  const observed = new BroadcastChannel('shardwire-observed-handlers')
  const seen: string[][] = [[], [], [], []]
  observed.onmessage = (event) => {
    const { shardId, id } = (event as { data: { shardId: number; id: string } }).data
    seen[shardId]!.push(id)
  }
  const resumed: number[] = []
  m.on('shardResumed', ({ shardId }) => resumed.push(shardId))
  try {
    await m.connect()
    const sent: string[][] = [[], [], [], []]
    let next = 0
    const send = (shardId: number, content = 'hi'): void => {
      const id = String(++next)
      if (s.dispatch('MESSAGE_CREATE', { id, channel_id: '1', content }, { shard: shardId }) === 1) sent[shardId]!.push(id)
    }
    const traffic = setInterval(() => {
      for (let i = 0; i < 8; i++) send(i % 4)
    }, 5)
    try {
      await until(() => next > 200, 'traffic before the crash')
      send(2, 'crash')
      await until(() => resumed.length === 2, 'shards 2 and 3 to resume')
      await until(() => next > 600, 'traffic after the restart')
    } finally {
      clearInterval(traffic)
    }
    await until(() => seen.every((ids, shardId) => ids.length >= sent[shardId]!.length), 'every message handled')
    for (let shardId = 0; shardId < 4; shardId++) assert.deepEqual(seen[shardId], sent[shardId], `shard ${shardId}: exactly once, in order`)
    assert.equal(s.records.identifies.length, 4, 'resumed, not identified')
  } finally {
    observed.close()
  }
})
