// RedisIdentifyQueue's own behaviour beyond the conformance suite: options, start-up failure,
// close, the session start budget and its events, and a Redis that lost the queue's state.
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { test } from 'node:test'
import { RedisIdentifyQueue, type RedisIdentifyQueueOptions, type SessionBudgetWaitEvent } from '../src/index.js'
import { deleteKeys, inspector, sharedRedisUrl, sleep, uniquePrefix } from './redis-test-harness.js'

async function withQueue(overrides: Partial<RedisIdentifyQueueOptions>, body: (queue: RedisIdentifyQueue, prefix: string) => Promise<void>): Promise<void> {
  const keyPrefix = uniquePrefix('queue')
  const queue = await RedisIdentifyQueue.connect({ url: sharedRedisUrl, keyPrefix, windowMs: 200, leaseMs: 600, pollMs: 20, coldStartCooldown: false, ...overrides })
  try {
    await body(queue, keyPrefix)
  } finally {
    await queue.close()
    await deleteKeys(keyPrefix)
  }
}

// A port nothing listens on: bind one, then close it.
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

test('options are validated, each naming the option', async () => {
  const base = { url: sharedRedisUrl, keyPrefix: 'bot:' }
  const cases: Array<[Partial<RedisIdentifyQueueOptions>, string]> = [
    [{ url: 'not a url' }, 'url'],
    [{ url: 'http://127.0.0.1:6379' }, 'url'],
    [{ url: 'redis://127.0.0.1:6379/zero' }, 'url'],
    [{ keyPrefix: '' }, 'keyPrefix'],
    [{ keyPrefix: 'has space' }, 'keyPrefix'],
    [{ connectTimeoutMs: 0 }, 'connectTimeoutMs'],
    [{ backoff: { baseMs: 0 } }, 'backoff.baseMs'],
    [{ backoff: { baseMs: 100, maxMs: 50 } }, 'backoff.maxMs'],
    [{ maxConcurrency: 0 }, 'maxConcurrency'],
    [{ windowMs: 1.5 }, 'windowMs'],
    [{ leaseMs: 10 }, 'leaseMs'],
    [{ pollMs: 0 }, 'pollMs'],
    [{ leaseMs: 1000, pollMs: 1000 }, 'pollMs'],
    [{ sessionStartReserve: -1 }, 'sessionStartReserve'],
  ]
  for (const [overrides, option] of cases) {
    await assert.rejects(RedisIdentifyQueue.connect({ ...base, ...overrides }), { code: 'INVALID_OPTION', option }, option)
  }
})

test('Redis unreachable at start fails with REDIS_UNAVAILABLE within connectTimeoutMs', async () => {
  const port = await closedPort()
  const started = performance.now()
  await assert.rejects(
    RedisIdentifyQueue.connect({ url: `redis://:secret@127.0.0.1:${port}/0`, keyPrefix: 'bot:', connectTimeoutMs: 400, backoff: { baseMs: 50, maxMs: 100 } }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'REDIS_UNAVAILABLE')
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`))
      assert.doesNotMatch(error.message, /secret/, 'the password is not in the message')
      return true
    },
  )
  const elapsed = performance.now() - started
  assert.ok(elapsed >= 350 && elapsed < 1500, `failed after ${elapsed} ms`)
})

test('shard ids are validated; after close() waits reject with REDIS_CLOSED, and pending ones too', async () => {
  await withQueue({}, async (queue) => {
    await assert.rejects(queue.waitForIdentify(-1, { timeoutMs: 1000 }), { code: 'INVALID_OPTION', option: 'shardId' })
    await queue.waitForIdentify(0, { timeoutMs: 1000 })
    const pending = assert.rejects(queue.waitForIdentify(1, { timeoutMs: 10_000 }), { code: 'REDIS_CLOSED' })
    await queue.close()
    await pending
    await assert.rejects(queue.waitForIdentify(2, { timeoutMs: 1000 }), { code: 'REDIS_CLOSED' })
    await assert.rejects(queue.setSessionStartLimit({ remaining: 1, total: 1, resetAfterMs: 1 }), { code: 'REDIS_CLOSED' })
  })
})

test('a withdrawn wait leaves the line in Redis', async () => {
  await withQueue({}, async (queue, prefix) => {
    const redis = await inspector()
    try {
      await queue.waitForIdentify(0, { timeoutMs: 1000 })
      const controller = new AbortController()
      const withdrawn = queue.waitForIdentify(1, { timeoutMs: 10_000, signal: controller.signal })
      await sleep(50)
      assert.equal(await redis.zcard(`${prefix}iq:0:line`), 1)
      controller.abort()
      await assert.rejects(withdrawn, { code: 'IDENTIFY_CANCELLED' })
      await sleep(50)
      assert.equal(await redis.zcard(`${prefix}iq:0:line`), 0)
      assert.equal(await redis.zcard(`${prefix}iq:0:lease`), 0)
    } finally {
      redis.disconnect()
    }
  })
})

test('the session start budget: every grant spends one, the reserve waits for the reset and says why', async () => {
  await withQueue({ maxConcurrency: 4, sessionStartReserve: 2 }, async (queue, prefix) => {
    await assert.rejects(queue.setSessionStartLimit({ remaining: -1, total: 10, resetAfterMs: 1000 }), { code: 'INVALID_OPTION', option: 'remaining' })
    await assert.rejects(queue.setSessionStartLimit({ remaining: 5, total: 4, resetAfterMs: 1000 }), { code: 'INVALID_OPTION', option: 'total' })
    await assert.rejects(queue.setSessionStartLimit({ remaining: 5, total: 10, resetAfterMs: -1 }), { code: 'INVALID_OPTION', option: 'resetAfterMs' })
    await queue.setSessionStartLimit({ remaining: 4, total: 10, resetAfterMs: 800 })
    // A later, higher answer within the same period does not undo spending another process did.
    await queue.setSessionStartLimit({ remaining: 9, total: 10, resetAfterMs: 800 })
    const redis = await inspector()
    const waits: SessionBudgetWaitEvent[] = []
    queue.on('sessionBudgetWait', (event) => waits.push(event))
    try {
      assert.equal(await redis.hget(`${prefix}iq:budget`, 'remaining'), '4')
      await Promise.all([queue.waitForIdentify(0, { timeoutMs: 1000 }), queue.waitForIdentify(1, { timeoutMs: 1000 })])
      assert.equal(await redis.hget(`${prefix}iq:budget`, 'remaining'), '2')
      const held = queue.waitForIdentify(2, { timeoutMs: 5000 })
      await sleep(100)
      assert.equal(waits.length, 1)
      assert.deepEqual({ shardId: waits[0]!.shardId, remaining: waits[0]!.remaining, reserve: waits[0]!.reserve }, { shardId: 2, remaining: 2, reserve: 2 })
      assert.ok(waits[0]!.waitMs > 0 && waits[0]!.waitMs <= 800)
      await held
      assert.equal(await redis.hget(`${prefix}iq:budget`, 'remaining'), '9', 'reset to the total, minus the one just spent')
    } finally {
      redis.disconnect()
    }
  })
})

test('a cold start waits one window before the first grant (an identify may just have happened)', async () => {
  await withQueue({ coldStartCooldown: true, windowMs: 300 }, async (queue) => {
    const started = performance.now()
    await queue.waitForIdentify(0, { timeoutMs: 2000 })
    assert.ok(performance.now() - started >= 280, `granted after ${performance.now() - started} ms`)
  })
})

test('a Redis that lost the state holds every bucket for one window, restores the budget and says so', async () => {
  await withQueue({ maxConcurrency: 2, windowMs: 300, sessionStartReserve: 0 }, async (queue, prefix) => {
    await queue.setSessionStartLimit({ remaining: 50, total: 100, resetAfterMs: 60_000 })
    const grants: number[] = []
    queue.on('granted', (event) => grants.push(event.grantedAt))
    let lost = 0
    queue.on('stateLost', () => lost++)
    await queue.waitForIdentify(0, { timeoutMs: 1000 })
    const redis = await inspector()
    try {
      const keys = await redis.keys(`${prefix}*`)
      await redis.del(...keys) // what a restart without persistence does
      const started = performance.now()
      await queue.waitForIdentify(1, { timeoutMs: 2000 }) // another bucket, which was free
      assert.ok(performance.now() - started >= 280, `granted after ${performance.now() - started} ms`)
      assert.equal(lost, 1)
      assert.equal(await redis.hget(`${prefix}iq:budget`, 'remaining'), '48', 'restored from the last view (49), then spent one')
    } finally {
      redis.disconnect()
    }
  })
})
