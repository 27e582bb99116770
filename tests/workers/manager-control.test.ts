// ShardManager with real workers against the simulator: the event filter, sends, reconnects,
// a fatal close on one shard, shutdown with and without resuming, and a worker that dies.
import assert from 'node:assert/strict'
import type { Worker } from 'node:worker_threads'
import { afterEach, test } from 'node:test'
import { ShardFatalCloseError, type ShardwireError } from '@shardwire/core'
import { MemorySessionStore, type ShardManager } from '@shardwire/manager'
import type { GatewaySimulator } from '@shardwire/simulator'
import { startSim, until } from '../shard/sim-harness.js'
import { createManager } from './manager-harness.js'

let sim: GatewaySimulator | null = null
const managers: ShardManager[] = []
afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.destroy()))
  await sim?.close()
  sim = null
})

function track(manager: ShardManager): ShardManager {
  managers.push(manager)
  return manager
}

test('only listened dispatch names cross; listeners added later widen the filter; sends reach the simulator', async () => {
  sim = await startSim({ shards: 2 })
  const s = sim
  const m = track(createManager(s, { shardsPerWorker: 'all' }))
  const messages: [string, number][] = []
  const typing: number[] = []
  m.on('MESSAGE_CREATE', (message, shardId) => messages.push([message.content, shardId]))
  await m.connect()
  s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 1 }, { shard: 1 })
  s.dispatch('MESSAGE_CREATE', { id: '10', channel_id: '1', content: 'first' }, { shard: 1 })
  await until(() => messages.length === 1, 'the first message')
  assert.deepEqual(messages, [['first', 1]])

  const onTyping = (data: { timestamp: number }): void => void typing.push(data.timestamp)
  m.on('TYPING_START', onTyping)
  // The filter change crosses to the worker; a send through it proves it arrived.
  await m.fetchStatus()
  s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 2 }, { shard: 0 })
  await until(() => typing.length === 1, 'the typing event')
  assert.deepEqual(typing, [2], 'the first TYPING_START stayed in the worker')
  m.off('TYPING_START', onTyping)

  await m.send(0, { op: 3, d: { since: null, activities: [], status: 'dnd', afk: false } })
  const connection = s.records.connections.find((candidate) => candidate.shard?.[0] === 0)!
  await until(() => (connection.opsReceived[3] ?? 0) === 1, 'the presence update')
  await assert.rejects(m.send(5, { op: 3, d: null }), { code: 'SHARD_NOT_FOUND' })

  const resumed: number[] = []
  m.on('shardResumed', ({ shardId }) => resumed.push(shardId))
  await m.reconnect(1)
  await until(() => resumed.length === 1, 'shard 1 to resume')
  assert.equal(s.records.resumes.at(-1)!.outcome, 'resumed')
})

test('a fatal close on one shard is reported once, typed, and the others keep running', async () => {
  sim = await startSim({ shards: 2 })
  const s = sim
  const m = track(createManager(s, { shardsPerWorker: 1 }))
  const errors: [ShardwireError, number | null][] = []
  m.on('error', (error, shardId) => errors.push([error, shardId]))
  await m.connect()
  s.faults.close(4014, { shard: 1 })
  await until(() => errors.length === 1, 'the fatal error')
  const [error, shardId] = errors[0]!
  assert.ok(error instanceof ShardFatalCloseError)
  assert.equal(error.closeCode, 4014)
  assert.equal(shardId, 1)
  const messages: string[] = []
  m.on('MESSAGE_CREATE', (message) => messages.push(message.content))
  await m.fetchStatus()
  s.dispatch('MESSAGE_CREATE', { id: '1', channel_id: '1', content: 'still here' }, { shard: 0 })
  await until(() => messages.length === 1, 'shard 0 still delivering')
  const status = await m.fetchStatus()
  assert.deepEqual(status.shards.map((shard) => [shard.shardId, shard.status]), [[0, 'ready'], [1, 'fatal']])
  await new Promise((resolve) => setTimeout(resolve, 300))
  assert.equal(errors.length, 1, 'no retry storm: one error, one identify for shard 1')
  assert.equal(s.records.identifies.filter((identify) => identify.shard?.[0] === 1).length, 1)
})

test('a bad token fails connect() with the typed fatal error and no token in it', async () => {
  sim = await startSim({ shards: 1 })
  const m = track(createManager(sim, { fetchGatewayInformation: async () => ({ url: sim!.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }), token: 'wrong.token.value' }))
  await assert.rejects(m.connect(), (error: unknown) => {
    assert.ok(error instanceof ShardFatalCloseError)
    assert.equal(error.closeCode, 4004)
    assert.doesNotMatch(`${error.message}${error.stack}`, /wrong\.token/)
    return true
  })
})

test('destroy({ resume: true }) saves every session and a new manager resumes them; destroy() ends them', async () => {
  sim = await startSim({ shards: 4, maxConcurrency: 2 })
  const s = sim
  const sessionStore = new MemorySessionStore()
  const first = track(createManager(s, { shardsPerWorker: 2, sessionStore }))
  await first.connect()
  await first.destroy({ resume: true })
  assert.equal(sessionStore.size, 4)
  assert.equal(s.records.identifies.length, 4)

  const second = track(createManager(s, { shardsPerWorker: 2, sessionStore }))
  const resumed: number[] = []
  second.on('shardResumed', ({ shardId }) => resumed.push(shardId))
  await second.connect()
  assert.deepEqual(resumed.sort(), [0, 1, 2, 3])
  assert.equal(s.records.identifies.length, 4, 'no new identify')
  assert.deepEqual(s.records.resumes.map((resume) => resume.outcome), ['resumed', 'resumed', 'resumed', 'resumed'])

  await second.destroy()
  assert.equal(sessionStore.size, 0, 'destroy() ends the sessions and forgets them')
  await until(() => s.records.connections.every((connection) => connection.closedAt !== null), 'every connection closed')
  assert.ok(s.records.connections.slice(4).every((connection) => connection.closeCode === 1000), 'closed with 1000')
})

test('a worker that dies with restarts off is reported; calls to its shards reject with WORKER_DIED', async () => {
  sim = await startSim({ shards: 2 })
  const m = track(createManager(sim, { shardsPerWorker: 1, workerRestart: { maxRestarts: 0 } }))
  const errors: string[] = []
  m.on('error', (error) => errors.push(error.code))
  const exits: { workerId: number; expected: boolean }[] = []
  const threads: Worker[] = []
  m.on('workerStart', ({ workerId, thread }) => void (threads[workerId] = thread))
  m.on('workerExit', (event) => exits.push(event))
  await m.connect()
  assert.equal(threads.length, 2)
  await threads[1]!.terminate()
  await until(() => exits.length === 1, 'the exit')
  assert.deepEqual(exits.map(({ workerId, expected }) => [workerId, expected]), [[1, false]])
  await assert.rejects(m.send(1, { op: 3, d: null }), { code: 'WORKER_DIED' })
  const after = await m.fetchStatus()
  assert.deepEqual(after.workers.map((worker) => worker.alive), [true, false])
  assert.deepEqual(after.shards.map((shard) => shard.status), ['ready', 'closed'])
  assert.deepEqual(errors, ['WORKER_RESTART_LIMIT'])
})
