// Supervision: a worker killed mid-traffic is restarted, its shards RESUME (never IDENTIFY
// again), and every dispatch reaches the main thread exactly once and in order.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Worker } from 'node:worker_threads'
import type { ShardwireError } from '@shardwire/core'
import { createRandom } from '@shardwire/simulator'
import { simToken, startSim, until } from '../shard/sim-harness.js'
import { createManager, liveFixture } from './manager-harness.js'

const live = liveFixture()

for (const kill of ['terminate', 'crash'] as const) test(`a worker killed mid-traffic (${kill}) is restarted; its shards resume; delivery is exactly once, in order`, async () => {
  live.sim = await startSim({ shards: 4, maxConcurrency: 2 })
  const s = live.sim
  const m = createManager(s, {
    shardsPerWorker: 2,
    workerRestart: { baseMs: 50, maxMs: 100 },
    random: createRandom(7).next,
    workerModule: new URL('./fixture-crashing-handlers.ts', import.meta.url),
  })
  live.manager = m
  const threads: Worker[] = []
  const restarts: number[] = []
  const resumed: number[] = []
  const errors: ShardwireError[] = []
  m.on('error', (error) => errors.push(error))
  const current = new Map<number, string>()
  const delivered = new Map<string, { s: number | null; t: string }[]>()
  m.on('workerStart', ({ workerId, thread }) => void (threads[workerId] = thread))
  m.on('workerRestart', ({ workerId }) => restarts.push(workerId))
  m.on('shardResumed', ({ shardId }) => resumed.push(shardId))
  m.on('dispatch', (payload, shardId) => {
    if (payload.t === 'READY') {
      current.set(shardId, payload.d.session_id)
      delivered.set(payload.d.session_id, [])
    }
    delivered.get(current.get(shardId) ?? '')?.push({ s: payload.s, t: payload.t })
  })
  await m.connect()

  // Traffic on every shard while worker 1 (shards 2 and 3) is killed.
  let sent = 0
  const traffic = setInterval(() => {
    for (let i = 0; i < 8; i++) s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: sent++ }, { shard: i % 4 })
  }, 5)
  try {
    await until(() => sent > 200, 'traffic before the kill')
    if (kill === 'terminate') await threads[1]!.terminate()
    else s.dispatch('MESSAGE_CREATE', { id: '1', channel_id: '1', content: 'crash' }, { shard: 2 })
    await until(() => resumed.length === 2, 'shards 2 and 3 to resume')
    await until(() => sent > 600, 'traffic after the restart')
  } finally {
    clearInterval(traffic)
  }
  assert.deepEqual(restarts, [1])
  assert.deepEqual(resumed.sort(), [2, 3])
  assert.equal(s.records.identifies.length, 4, 'the restarted shards resumed instead of identifying')
  assert.deepEqual(s.records.resumes.map((resume) => resume.outcome), ['resumed', 'resumed'])
  await until(() => [0, 1, 2, 3].every((shardId) => {
    const sessionId = current.get(shardId)!
    return delivered.get(sessionId)!.length >= s.records.session(sessionId)!.dispatches.length
  }), 'every dispatch delivered')
  for (const [sessionId, events] of delivered) {
    assert.deepEqual(events, s.records.session(sessionId)!.dispatches, `session ${sessionId}: exactly once, in order`)
  }
  assert.equal(delivered.size, 4, 'no new session')
  if (kill === 'crash') {
    assert.deepEqual(errors.map((error) => error.code), ['WORKER_DIED'])
    assert.match(errors[0]!.message, /crashing with \[redacted\]/)
    assert.doesNotMatch(errors[0]!.message, new RegExp(simToken.replaceAll('.', '\\.')))
  }
})

test('a worker that keeps dying is restarted up to the cap, then reported once', async () => {
  live.sim = await startSim({ shards: 1 })
  const s = live.sim
  const m = createManager(s, { shardsPerWorker: 1, workerRestart: { baseMs: 10, maxMs: 20, maxRestarts: 2 }, random: createRandom(3).next })
  live.manager = m
  const errors: ShardwireError[] = []
  const restarts: number[] = []
  m.on('error', (error) => errors.push(error))
  m.on('workerRestart', ({ attempt }) => restarts.push(attempt))
  m.on('workerStart', ({ thread }) => void thread.terminate())
  await assert.rejects(m.connect(), { code: 'WORKER_RESTART_LIMIT' })
  assert.deepEqual(restarts, [0, 1])
  assert.deepEqual(errors.map((error) => error.code), ['WORKER_RESTART_LIMIT'])
})
