// RedisSessionStore: sessions keyed by bot (key prefix) and shard, expiring after the resume
// window, with batched writes that survive a Redis outage while pending.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SessionInfo } from '@shardwire/core'
import { RedisSessionStore, type RedisSessionStoreOptions } from '../src/index.js'
import { startRedisServer } from './redis-server-process.js'
import { deleteKeys, inspector, sharedRedisUrl, sleep, uniquePrefix } from './redis-test-harness.js'

function session(sequence: number, sessionId = 'abc'): SessionInfo {
  return { sessionId, sequence, resumeUrl: 'wss://resume.example/', shardCount: 8 }
}

async function withStore(overrides: Partial<RedisSessionStoreOptions>, body: (store: RedisSessionStore, options: RedisSessionStoreOptions) => Promise<void>): Promise<void> {
  const options: RedisSessionStoreOptions = { url: sharedRedisUrl, keyPrefix: uniquePrefix('sessions'), flushIntervalMs: 10_000, ...overrides }
  const store = await RedisSessionStore.connect(options)
  try {
    await body(store, options)
  } finally {
    await store.close().catch(() => {})
    await deleteKeys(options.keyPrefix)
  }
}

test('options are validated, each naming the option', async () => {
  const base = { url: sharedRedisUrl, keyPrefix: 'bot:' }
  const cases: Array<[Partial<RedisSessionStoreOptions>, string]> = [
    [{ url: 'redis//nope' }, 'url'],
    [{ keyPrefix: 'a b' }, 'keyPrefix'],
    [{ resumeWindowMs: 999 }, 'resumeWindowMs'],
    [{ flushIntervalMs: 0 }, 'flushIntervalMs'],
    [{ resumeWindowMs: 5000, flushIntervalMs: 5000 }, 'flushIntervalMs'],
  ]
  for (const [overrides, option] of cases) {
    await assert.rejects(RedisSessionStore.connect({ ...base, ...overrides }), { code: 'INVALID_OPTION', option }, option)
  }
})

test('saves wait for the flush, then another process reads them; they expire after the resume window', async () => {
  await withStore({ resumeWindowMs: 30_000 }, async (store, options) => {
    const redis = await inspector()
    try {
      store.updateSessionInfo(3, session(41)) // the hooks are bound: usable detached
      assert.deepEqual(await store.retrieveSessionInfo(3), session(41), 'a pending save is returned as is')
      assert.equal(await redis.exists(`${options.keyPrefix}session:3`), 0, 'nothing written before the flush')
      assert.equal(store.pending, 1)
      await store.flush()
      assert.equal(store.pending, 0)
      const pttl = await redis.pttl(`${options.keyPrefix}session:3`)
      assert.ok(pttl > 25_000 && pttl <= 30_000, `expires in ${pttl} ms`)
      const other = await RedisSessionStore.connect(options)
      try {
        assert.deepEqual(await other.retrieve(3), session(41))
        assert.equal(await other.retrieve(4), null)
        assert.throws(() => other.update(-1, null), { code: 'INVALID_OPTION', option: 'shardId' })
      } finally {
        await other.close()
      }
      store.update(3, null)
      await store.flush()
      assert.equal(await redis.exists(`${options.keyPrefix}session:3`), 0, 'a forgotten session is deleted')
    } finally {
      redis.disconnect()
    }
  })
})

test('writes are batched: many saves between two flushes are one script call per shard, sent as one pipeline', async () => {
  await withStore({ flushIntervalMs: 150 }, async (store, options) => {
    const client = await inspector()
    const monitor = await client.monitor()
    const writes: string[] = []
    // Script calls only (MONITOR also lists the commands a script runs).
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (/^eval/i.test(args[0]!) && args.some((arg) => arg.startsWith(`${options.keyPrefix}session:`))) writes.push(args[3]!)
    })
    try {
      for (let sequence = 1; sequence <= 50; sequence++) {
        for (let shardId = 0; shardId < 4; shardId++) store.update(shardId, session(sequence * 10 + shardId))
      }
      await sleep(400) // the interval flushes by itself
      assert.equal(writes.length, 4, `one write per shard, got ${writes.length}`)
      assert.equal((await store.retrieve(2))?.sequence, 502)
    } finally {
      monitor.disconnect()
      client.disconnect()
    }
  })
})

test('a late writer never moves a session backwards, nor forgets a session it did not save', async () => {
  await withStore({}, async (owner, options) => {
    const stale = await RedisSessionStore.connect(options)
    try {
      stale.update(0, session(5, 'old'))
      await stale.flush()
      owner.update(0, session(10, 'old'))
      await owner.flush()
      stale.update(0, session(7, 'old')) // the previous owner, writing late
      await stale.flush()
      assert.equal((await owner.retrieve(0))?.sequence, 10)
      owner.update(0, session(1, 'new')) // a new session replaces whatever was there
      await owner.flush()
      stale.update(0, null) // the previous owner forgets its (old) session: the new one stays
      await stale.flush()
      assert.deepEqual(await owner.retrieve(0), session(1, 'new'))
    } finally {
      await stale.close()
    }
  })
})

test('close() flushes what is pending; afterwards the store rejects with REDIS_CLOSED', async () => {
  const options: RedisSessionStoreOptions = { url: sharedRedisUrl, keyPrefix: uniquePrefix('sessions'), flushIntervalMs: 60_000 }
  const store = await RedisSessionStore.connect(options)
  try {
    store.update(1, session(9))
    await store.close()
    await store.close()
    assert.throws(() => store.update(1, null), { code: 'REDIS_CLOSED' })
    await assert.rejects(store.retrieve(1), { code: 'REDIS_CLOSED' })
    const reader = await RedisSessionStore.connect(options)
    assert.deepEqual(await reader.retrieve(1), session(9))
    await reader.close()
  } finally {
    await deleteKeys(options.keyPrefix)
  }
})

test('Redis lost: reads fail with REDIS_COMMAND_FAILED, saves stay pending and reach Redis once it is back', async () => {
  const server = await startRedisServer()
  const store = await RedisSessionStore.connect({ url: server.url, keyPrefix: 'sessions:', flushIntervalMs: 60_000, connectTimeoutMs: 500, backoff: { baseMs: 30, maxMs: 100 }, random: () => 0.5 })
  const events: string[] = []
  store.on('connectionLost', () => events.push('connectionLost'))
  store.on('reconnected', () => events.push('reconnected'))
  try {
    store.update(0, session(1))
    await store.flush()
    await server.kill()
    store.update(0, session(2))
    store.update(1, session(3))
    await assert.rejects(store.flush(), { code: 'REDIS_COMMAND_FAILED' })
    await assert.rejects(store.retrieve(5), { code: 'REDIS_COMMAND_FAILED' })
    assert.equal(store.pending, 2, 'the failed saves are still pending')
    store.update(1, session(4)) // newer than the failed one: it wins
    await server.restart()
    await new Promise<void>((resolve) => store.once('reconnected', () => resolve()))
    await store.flush()
    const reader = await RedisSessionStore.connect({ url: server.url, keyPrefix: 'sessions:' })
    assert.deepEqual([await reader.retrieve(0), await reader.retrieve(1)], [session(2), session(4)])
    await reader.close()
    assert.deepEqual(events, ['connectionLost', 'reconnected'])
  } finally {
    await store.close().catch(() => {})
    await server.kill()
  }
})

test('Redis unreachable at start: REDIS_UNAVAILABLE within connectTimeoutMs', async () => {
  const server = await startRedisServer()
  await server.kill()
  const started = performance.now()
  await assert.rejects(RedisSessionStore.connect({ url: server.url, keyPrefix: 'x:', connectTimeoutMs: 300 }), { code: 'REDIS_UNAVAILABLE' })
  assert.ok(performance.now() - started < 1000)
})
