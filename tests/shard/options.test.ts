// Shard options are validated with clear errors; failing hooks and identify queues are
// reported with typed errors and never stop the shard.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { etfEncoding } from '@shardwire/core'
import type { ShardwireError } from '@shardwire/core'
import { Shard } from '@shardwire/core'
import type { ShardOptions } from '@shardwire/core'
import { createShard, quiesce, startSim, until } from './sim-harness.js'

const base: ShardOptions = { token: 'abc.def.ghi', shardId: 0, shardCount: 1, intents: 0 }

describe('Shard options', () => {
  const invalid: [string, Partial<ShardOptions> | Record<string, unknown>][] = [
    ['token', { token: '' }],
    ['token', { token: 'Bot abc' }],
    ['token', { token: 'ab c' }],
    ['shardCount', { shardCount: 0 }],
    ['shardId', { shardId: 1 }],
    ['shardId', { shardId: -1 }],
    ['intents', { intents: 1.5 }],
    ['gatewayUrl', { gatewayUrl: 'https://gateway.discord.gg' }],
    ['gatewayUrl', { gatewayUrl: 'not a url' }],
    ['encoding', { encoding: { name: 'xml' } }],
    ['compression', { compression: 'gzip' }],
    ['compression', { compression: 'payload', encoding: etfEncoding }],
    ['largeThreshold', { largeThreshold: 251 }],
    ['identifyProperties.os', { identifyProperties: { os: 1 } }],
    ['identifyQueue', { identifyQueue: {} }],
    ['timeouts.helloMs', { timeouts: { helloMs: 0 } }],
    ['timeouts.identifyMs', { timeouts: { identifyMs: 2 ** 40 } }],
    ['backoff.maxMs', { backoff: { baseMs: 1000, maxMs: 10 } }],
    ['reidentifyDelay.maxMs', { reidentifyDelay: { minMs: 5000, maxMs: 1000 } }],
    ['maxResumeFailures', { maxResumeFailures: 0 }],
    ['maxQueuedSends', { maxQueuedSends: -1 }],
    ['maxQueuedSends', { maxQueuedSends: 0 }],
    ['timeouts', { timeouts: 5000 }],
    ['backoff', { backoff: [1000, 60_000] }],
    ['reidentifyDelay', { reidentifyDelay: null }],
    ['sendLimit', { sendLimit: 'fast' }],
    ['identifyProperties', { identifyProperties: 'linux' }],
    ['presence', { presence: 'online' }],
    ['sendLimit.limit', { sendLimit: { limit: 1 } }],
    ['retrieveSessionInfo', { retrieveSessionInfo: 'yes' }],
    ['random', { random: 0.5 }],
    ['shardID', { shardID: 3 }],
    ['presence', { presence: { since: null, activities: [{ name: 'x'.repeat(5000), type: 0 }], status: 'online', afk: false } }],
  ]
  for (const [option, override] of invalid) {
    test(`rejects an invalid ${option} (${JSON.stringify(override).slice(0, 60)})`, () => {
      assert.throws(() => new Shard({ ...base, ...override } as ShardOptions), { code: 'INVALID_OPTION', option })
    })
  }

  test('accepts the minimal options and starts idle', () => {
    const shard = new Shard(base)
    assert.equal(shard.status, 'idle')
    assert.equal(shard.latency, -1)
    assert.equal(shard.id, 0)
  })

  test('method arguments are validated', async () => {
    const shard = new Shard(base)
    await assert.rejects(shard.close(999), { code: 'INVALID_OPTION', option: 'code' })
    assert.throws(() => shard.reconnect('later' as 'resume'), { code: 'INVALID_OPTION', option: 'mode' })
    await assert.rejects(shard.send({ op: 'x' } as unknown as { op: number; d: null }), { code: 'INVALID_OPTION', option: 'payload' })
    for (const op of [1, 2, 6]) await assert.rejects(shard.send({ op, d: null }), { code: 'INVALID_OPTION', option: 'payload.op' })
    await assert.rejects(shard.ping(), { code: 'SHARD_NOT_CONNECTED' })
  })

  test('close() before the session loads stops connect() with SHARD_CLOSED', async () => {
    const shard = new Shard({ ...base, retrieveSessionInfo: () => new Promise((resolve) => setTimeout(() => resolve(null), 20)) })
    const connecting = shard.connect()
    await shard.close()
    await assert.rejects(connecting, { code: 'SHARD_CLOSED' })
    await new Promise((resolve) => setTimeout(resolve, 40))
    assert.equal(shard.status, 'closed')
  })
})

describe('Shard connect() and close() while a session loads', () => {
  test('connect() after a close() that cut a session load short still connects', { timeout: 10_000 }, async () => {
    const sim = await startSim()
    let loads = 0
    const watch = createShard(sim, {
      options: { retrieveSessionInfo: () => new Promise((resolve) => setTimeout(() => resolve(null), 20 * ++loads)) },
    })
    try {
      const first = assert.rejects(watch.shard.connect(), { code: 'SHARD_CLOSED' })
      await watch.shard.close()
      await first
      // The first load is still pending here; this connect() must not wait on it forever.
      await watch.shard.connect()
      assert.equal(watch.shard.status, 'ready')
      assert.equal(loads, 2)
      assert.equal(sim.records.identifies.length, 1)
    } finally {
      await watch.shard.close()
      await sim.close()
    }
  })
})

describe('Shard hooks and identify queue failures', () => {
  test('failing session hooks report SESSION_STORE_FAILED and the shard carries on', async () => {
    const sim = await startSim()
    const watch = createShard(sim, {
      options: {
        retrieveSessionInfo: () => { throw new Error('disk on fire') },
        updateSessionInfo: () => Promise.reject(new Error('still on fire')),
      },
    })
    try {
      await watch.shard.connect()
      await until(() => watch.errors.length >= 2, 'both hooks to fail')
      for (const error of watch.errors) assert.throws(() => { throw error }, { code: 'SESSION_STORE_FAILED' })
      assert.equal(watch.shard.status, 'ready')
    } finally {
      await watch.shard.close()
      await sim.close()
    }
  })

  test('close() while waiting for an identify permit withdraws the request through its signal', async () => {
    const sim = await startSim()
    const requests: { timeoutMs: number; signal: AbortSignal | undefined }[] = []
    const watch = createShard(sim, {
      options: {
        identifyQueue: {
          waitForIdentify: (_shardId, { timeoutMs, signal }) => {
            requests.push({ timeoutMs, signal })
            return new Promise(() => {}) // never granted
          },
        },
        timeouts: { identifyMs: 4321 },
      },
    })
    try {
      const connecting = assert.rejects(watch.shard.connect(), { code: 'SHARD_CLOSED' })
      await until(() => watch.shard.status === 'awaiting-identify', 'the permit request')
      assert.equal(requests.length, 1)
      assert.equal(requests[0]!.timeoutMs, 4321, 'the request carries its time bound')
      assert.equal(requests[0]!.signal?.aborted, false)
      await watch.shard.close()
      assert.equal(requests[0]!.signal?.aborted, true, 'closing withdrew the request')
      await connecting
      assert.equal(sim.records.identifies.length, 0)
    } finally {
      await sim.close()
    }
  })

  test('an identify queue that ignores its time bound is withdrawn with IDENTIFY_TIMEOUT and asked again', { timeout: 10_000 }, async () => {
    const sim = await startSim()
    const signals: (AbortSignal | undefined)[] = []
    const watch = createShard(sim, {
      options: {
        identifyQueue: {
          // The first request is never answered, whatever its signal or time bound say.
          waitForIdentify: async (_shardId, { signal }) => {
            signals.push(signal)
            if (signals.length === 1) await new Promise(() => {})
          },
        },
        timeouts: { identifyMs: 30 },
      },
    })
    try {
      await watch.shard.connect()
      assert.equal(signals.length, 2)
      assert.equal(signals[0]?.aborted, true, 'the stalled request was withdrawn')
      assert.deepEqual(watch.errors.map((error) => (error as ShardwireError).code), ['IDENTIFY_TIMEOUT'])
      assert.equal(sim.records.identifies.length, 1)
    } finally {
      await watch.shard.close()
      await sim.close()
    }
  })

  test('an identify queue failing with a foreign error reports IDENTIFY_FAILED and is retried', async () => {
    const sim = await startSim()
    let calls = 0
    const watch = createShard(sim, {
      options: {
        identifyQueue: {
          waitForIdentify: async () => {
            if (++calls === 1) throw new Error('redis is down')
          },
        },
      },
    })
    try {
      await watch.shard.connect()
      assert.equal(calls, 2)
      assert.deepEqual(watch.errors.map((error) => (error as ShardwireError).code), ['IDENTIFY_FAILED'])
      await quiesce(sim, [watch])
    } finally {
      await watch.shard.close()
      await sim.close()
    }
  })
})
