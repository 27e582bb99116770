// Redis restarted (killed, back empty) in the middle of a run: no grant without Redis, no bucket
// granted twice in a window across the restart, the queue reports what happened and recovers.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RedisIdentifyQueue, type IdentifyGrantEvent } from '../src/index.js'
import { startRedisServer } from './redis-server-process.js'
import { sleep } from './redis-test-harness.js'

const windowMs = 300

test('Redis restarted mid-run: grants pause, resume after reconnecting, and never break the window', async () => {
  const server = await startRedisServer()
  // Deterministic jitter: the backoff draws from a fixed sequence.
  let draw = 0
  const queue = await RedisIdentifyQueue.connect({
    url: server.url, keyPrefix: 'restart:', maxConcurrency: 2, windowMs, leaseMs: 600, pollMs: 20, coldStartCooldown: false,
    connectTimeoutMs: 1000, backoff: { baseMs: 40, maxMs: 200 }, random: () => [0.1, 0.5, 0.9][draw++ % 3]!,
  })
  const grants: IdentifyGrantEvent[] = []
  const events: string[] = []
  const errorCodes = new Set<string>()
  queue.on('granted', (event) => grants.push(event))
  queue.on('connectionLost', () => events.push('connectionLost'))
  queue.on('reconnecting', () => events.push('reconnecting'))
  queue.on('reconnected', () => events.push('reconnected'))
  queue.on('stateLost', () => events.push('stateLost'))
  queue.on('error', (error) => errorCodes.add(error.code))
  try {
    const all = Promise.all(Array.from({ length: 12 }, (_, shardId) => queue.waitForIdentify(shardId, { timeoutMs: 20_000 })))
    const grantCount = (count: number): Promise<void> => new Promise((resolve) => {
      const check = (): void => { if (grants.length >= count) { queue.off('granted', check); resolve() } }
      queue.on('granted', check)
      check()
    })
    // A quick restart right after the second round of grants: Redis is back, empty, well within
    // their window, and only the queue's cooldown keeps the next grants a window away.
    await grantCount(4)
    await server.kill()
    await sleep(50)
    await server.restart()
    // A long outage after the fourth round: waiters' polls fail (and are reported), nothing is granted.
    await grantCount(8)
    await server.kill()
    const beforeOutage = grants.length
    await new Promise<void>((resolve) => queue.once('error', () => resolve()))
    await sleep(windowMs)
    assert.equal(grants.length, beforeOutage, 'nothing granted while Redis is gone')
    await server.restart()
    await all
    assert.deepEqual(grants.map((grant) => grant.shardId).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i))
    for (const bucket of [0, 1]) {
      const times = grants.filter((grant) => grant.bucket === bucket).map((grant) => grant.grantedAt)
      for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= windowMs, `bucket ${bucket}: grants ${times[i]! - times[i - 1]!} ms apart`)
    }
    assert.deepEqual(events.filter((event) => event !== 'reconnecting'), ['connectionLost', 'reconnected', 'stateLost', 'connectionLost', 'reconnected', 'stateLost'])
    assert.ok(events.includes('reconnecting'))
    assert.ok(errorCodes.has('REDIS_COMMAND_FAILED'), 'the failed polls were reported')
  } finally {
    await queue.close()
    await server.kill()
  }
})
