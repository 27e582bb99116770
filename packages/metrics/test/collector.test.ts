// collectManagerMetrics against a hand-made manager: which events it listens to, how polled
// totals become counter increments (across a worker restart), and the readiness clock.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ManagerLifecycleEventMap, ManagerStatus } from '@shardwire/manager'
import { collectManagerMetrics, type MetricsSource } from '../src/index.js'
import { ShardReadiness } from '../src/shard-readiness.js'
import { parseMetrics, sampleValue } from './harness.js'

type Listener = (...args: unknown[]) => void

/** A manager whose events the test emits and whose `fetchStatus()` it answers. */
class FakeManager {
  readonly listeners = new Map<string, Set<Listener>>()
  sessionStartsRemaining: number | null = null
  answer: () => Promise<ManagerStatus> = async () => ({ shards: [], workers: [] })

  on(name: string, listener: Listener): this {
    this.listeners.set(name, (this.listeners.get(name) ?? new Set()).add(listener))
    return this
  }

  off(name: string, listener: Listener): this {
    this.listeners.get(name)?.delete(listener)
    return this
  }

  fetchStatus(): Promise<ManagerStatus> {
    return this.answer()
  }

  emit<K extends keyof ManagerLifecycleEventMap>(name: K, ...args: ManagerLifecycleEventMap[K]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args)
  }

  listening(): string[] {
    return [...this.listeners].filter(([, set]) => set.size > 0).map(([name]) => name).sort()
  }
}

function workerStatus(dispatches: Record<string, number>, frames: number): ManagerStatus['workers'][number] {
  return {
    workerId: 0, shardIds: [0], alive: true, rpcLatency: 0.2, delivery: { forwarded: 0, held: 0 },
    resources: { cpuMicros: 1000, heapUsedBytes: 5_000_000 }, dispatches,
    payloadTimings: { frames, decompressMicros: frames * 2, messages: frames, decodeMicros: frames * 3 },
  }
}

function statusWith(dispatches: Record<string, number>, frames: number): ManagerStatus {
  return { shards: [{ shardId: 0, workerId: 0, status: 'ready', latency: 40, sequence: 5, queuedSends: 2 }], workers: [workerStatus(dispatches, frames)] }
}

async function samples(metrics: { registry: { metrics(): Promise<string> } }): Promise<ReturnType<typeof parseMetrics>> {
  return parseMetrics(await metrics.registry.metrics())
}

test('it listens to lifecycle events only (never to dispatches), and stops listening on close()', () => {
  const fake = new FakeManager()
  const metrics = collectManagerMetrics(fake as unknown as MetricsSource)
  assert.deepEqual(fake.listening(), ['identifyWaiting', 'shardClose', 'shardReady', 'shardResumed', 'shardStatus', 'workerExit', 'workerRestart', 'workerStart'])
  metrics.close()
  assert.deepEqual(fake.listening(), [])
})

test('polled totals become increments; a restart during a poll is skipped, and the new worker counts from zero', async () => {
  const fake = new FakeManager()
  fake.sessionStartsRemaining = 7
  const metrics = collectManagerMetrics(fake as unknown as MetricsSource, { pollIntervalMs: 60_000 })
  try {
    fake.answer = async () => statusWith({ READY: 1, MESSAGE_CREATE: 10 }, 20)
    await metrics.refresh()
    fake.answer = async () => statusWith({ READY: 1, MESSAGE_CREATE: 15 }, 30)
    await metrics.refresh()
    let scraped = await samples(metrics)
    assert.equal(sampleValue(scraped, 'shardwire_dispatches_total', { event: 'MESSAGE_CREATE' }), 15)
    assert.equal(sampleValue(scraped, 'shardwire_dispatches_total', { event: 'READY' }), 1)
    assert.equal(sampleValue(scraped, 'shardwire_decompressed_frames_total', { worker: '0' }), 30)
    assert.equal(sampleValue(scraped, 'shardwire_decode_seconds_total', { worker: '0' }), 90e-6)
    assert.equal(sampleValue(scraped, 'shardwire_worker_cpu_seconds_total', { worker: '0' }), 0.001)
    assert.equal(sampleValue(scraped, 'shardwire_send_queue_depth', { shard: '0' }), 2)
    assert.equal(sampleValue(scraped, 'shardwire_gateway_latency_seconds_count', { shard: '0' }), 1, 'the same heartbeat is observed once')
    assert.equal(sampleValue(scraped, 'shardwire_rpc_latency_seconds_count', { worker: '0' }), 2)
    assert.equal(sampleValue(scraped, 'shardwire_session_starts_remaining'), 7)

    // The worker restarts while a poll is out: whatever that poll says is of unknown origin.
    fake.answer = async () => {
      fake.emit('workerExit', { workerId: 0, exitCode: 1, shardIds: [0], expected: false })
      fake.emit('workerRestart', { workerId: 0, shardIds: [0], attempt: 0, delayMs: 0 })
      fake.emit('workerStart', { workerId: 0, shardIds: [0], thread: null as never })
      return statusWith({ READY: 1, MESSAGE_CREATE: 3 }, 4)
    }
    await metrics.refresh()
    scraped = await samples(metrics)
    assert.equal(sampleValue(scraped, 'shardwire_dispatches_total', { event: 'MESSAGE_CREATE' }), 15, 'the poll across the restart was skipped')
    assert.equal(sampleValue(scraped, 'shardwire_worker_restarts_total', { worker: '0' }), 1)
    // The next poll counts the new worker's totals from zero.
    fake.answer = async () => statusWith({ RESUMED: 1, MESSAGE_CREATE: 4 }, 6)
    await metrics.refresh()
    scraped = await samples(metrics)
    assert.equal(sampleValue(scraped, 'shardwire_dispatches_total', { event: 'MESSAGE_CREATE' }), 19)
    assert.equal(sampleValue(scraped, 'shardwire_dispatches_total', { event: 'RESUMED' }), 1)
    assert.equal(sampleValue(scraped, 'shardwire_decompressed_frames_total', { worker: '0' }), 36)

    // A failing poll is counted, not thrown.
    fake.answer = async () => {
      throw new Error('worker gone')
    }
    await metrics.refresh()
    assert.equal(sampleValue(await samples(metrics), 'shardwire_status_poll_failures_total'), 1)
  } finally {
    metrics.close()
  }
})

test('events count closes by reason and code (reconnects only), resumes, readies and identify waits; statuses come from events first', async () => {
  const fake = new FakeManager()
  const metrics = collectManagerMetrics(fake as unknown as MetricsSource, { pollIntervalMs: 60_000 })
  try {
    fake.emit('shardStatus', { shardId: 0, workerId: 0, status: 'disconnected', previous: 'ready' })
    fake.emit('shardClose', { shardId: 0, workerId: 0, code: 4900, reconnect: true, reason: 'zombie' })
    fake.emit('shardClose', { shardId: 1, workerId: 0, code: 4004, reconnect: false, reason: 'socket-closed' })
    fake.emit('shardResumed', { shardId: 0, workerId: 0, replayed: 3 })
    fake.emit('shardReady', { shardId: 1, workerId: 0, sessionId: 'a' })
    fake.emit('identifyWaiting', { shardId: 1, remaining: 0, waitMs: 10, reason: 'no session starts left' })
    // A poll that says `ready` does not override the later event that said `disconnected`.
    fake.answer = async () => statusWith({}, 0)
    await metrics.refresh()
    const scraped = await samples(metrics)
    assert.equal(sampleValue(scraped, 'shardwire_reconnects_total', { reason: 'zombie', code: '4900' }), 1)
    assert.equal(sampleValue(scraped, 'shardwire_reconnects_total'), 1, 'the fatal close is no reconnect')
    assert.equal(sampleValue(scraped, 'shardwire_resumes_total'), 1)
    assert.equal(sampleValue(scraped, 'shardwire_sessions_started_total'), 1)
    assert.equal(sampleValue(scraped, 'shardwire_identify_waits_total'), 1)
    assert.equal(sampleValue(scraped, 'shardwire_shards', { status: 'disconnected' }), 1)
    assert.equal(sampleValue(scraped, 'shardwire_shards', { status: 'ready' }), 0)
    assert.ok(Number.isNaN(sampleValue(scraped, 'shardwire_session_starts_remaining')), 'no budget before connect(): NaN, not 0')
  } finally {
    metrics.close()
  }
})

test('readiness: not-ready time runs from the first status that is not ready, and stops at ready', () => {
  let now = 1000
  const readiness = new ShardReadiness(() => now)
  readiness.update(0, 'connecting')
  readiness.learn(1, 'ready')
  now += 200
  readiness.update(0, 'identifying')
  now += 200
  assert.deepEqual(readiness.notReadyLongerThan(300), [{ shardId: 0, status: 'identifying', notReadyMs: 400 }])
  assert.deepEqual(readiness.notReadyLongerThan(400), [])
  readiness.update(0, 'ready')
  readiness.learn(0, 'closed')
  assert.deepEqual(readiness.notReadyLongerThan(0), [], 'a poll never overrides an event')
  readiness.update(1, 'disconnected')
  now += 50
  assert.deepEqual(readiness.notReadyLongerThan(10), [{ shardId: 1, status: 'disconnected', notReadyMs: 50 }])
  assert.deepEqual(Object.fromEntries(readiness.countByStatus()), { ready: 1, disconnected: 1 })
})

test('readiness: a shard listed as late never shows a figure at or under the threshold', () => {
  let now = 0
  const readiness = new ShardReadiness(() => now)
  readiness.update(0, 'disconnected')
  now = 300.2
  assert.deepEqual(readiness.notReadyLongerThan(300), [{ shardId: 0, status: 'disconnected', notReadyMs: 301 }])
  now = 300
  assert.deepEqual(readiness.notReadyLongerThan(300), [])
})
