// The small rule modules of the shard: backoff, send limiter, close-code policy, gateway URL.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { backoffDelay, randomDelay } from '../src/shard/backoff.js'
import { closeAction, closeCodePolicy } from '../src/shard/close-code-policy.js'
import { gatewayUrl } from '../src/shard/gateway-url.js'
import { heartbeatReserve, SendLimiter } from '../src/shard/send-limiter.js'
import { seededRandom } from './shard-harness.js'

describe('backoff', () => {
  test('capped exponential with equal jitter', () => {
    const options = { baseMs: 1000, maxMs: 30_000 }
    assert.equal(backoffDelay(0, () => 0, options), 500)
    assert.equal(backoffDelay(0, () => 0.999_999, options), 1000)
    assert.equal(backoffDelay(3, () => 0, options), 4000)
    assert.equal(backoffDelay(10, () => 0.5, options), 22_500)
    assert.equal(backoffDelay(1e9, () => 0, options), 15_000, 'huge attempt counts stay finite')
    const random = seededRandom(3)
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(30_000, 1000 * 2 ** attempt)
      const delay = backoffDelay(attempt, random, options)
      assert.ok(delay >= ceiling / 2 && delay <= ceiling)
    }
  })

  test('randomDelay spans its range', () => {
    assert.equal(randomDelay(1000, 5000, () => 0), 1000)
    assert.equal(randomDelay(1000, 5000, () => 0.5), 3000)
  })
})

describe('send limiter', () => {
  const limit = { limit: 5, windowMs: 1000 }

  test('a sliding window: a slot frees exactly one window after its send', () => {
    const limiter = new SendLimiter(limit, 0)
    for (let t = 0; t < 5; t++) assert.ok(limiter.tryTake(t * 100, 'user'))
    assert.equal(limiter.tryTake(999, 'user'), false)
    assert.equal(limiter.nextSlotAt(999, 'user'), 1000)
    assert.ok(limiter.tryTake(1000, 'user'))
    assert.equal(limiter.tryTake(1050, 'user'), false)
    assert.equal(limiter.nextSlotAt(1050, 'user'), 1100)
  })

  test('no burst across a window edge (what fixed buckets would allow)', () => {
    const limiter = new SendLimiter(limit, 0)
    let sent = 0
    for (let t = 900; t < 1100; t++) if (limiter.tryTake(t, 'user')) sent++
    assert.equal(sent, 5)
  })

  test('reserved slots are for the priority lane only', () => {
    const limiter = new SendLimiter(limit, 2)
    assert.equal(limiter.available(0, 'user'), 3)
    for (let i = 0; i < 3; i++) assert.ok(limiter.tryTake(0, 'user'))
    assert.equal(limiter.tryTake(0, 'user'), false)
    assert.ok(limiter.tryTake(0, 'priority'))
    assert.ok(limiter.tryTake(0, 'priority'))
    assert.equal(limiter.tryTake(0, 'priority'), false)
    assert.equal(limiter.nextSlotAt(10, 'user'), 1000 + 0)
  })

  test('the heartbeat reserve fits every beat a window can hold, plus one', () => {
    assert.equal(heartbeatReserve(41_250), 3)
    assert.equal(heartbeatReserve(60_000), 2)
    assert.equal(heartbeatReserve(1), 119, 'user sends keep at least one slot')
  })
})

describe('close-code policy', () => {
  test('fatal codes never reconnect', () => {
    for (const code of [4004, 4010, 4011, 4012, 4013, 4014]) assert.equal(closeAction(code), 'fatal')
  })

  test('4007, 4009, 1000 and 1001 mean a new session; other gateway codes resume', () => {
    for (const code of [4007, 4009, 1000, 1001]) assert.equal(closeAction(code), 'reidentify')
    for (const code of [4000, 4001, 4002, 4003, 4005, 4008]) assert.equal(closeAction(code), 'resume')
  })

  test('unknown codes, drops and our own code resume', () => {
    for (const code of [1005, 1006, 1011, 4900, 3000, 4006]) assert.equal(closeAction(code), 'resume')
  })

  test('the table covers every documented gateway code', () => {
    assert.deepEqual(Object.keys(closeCodePolicy).map(Number), [1000, 1001, 4000, 4001, 4002, 4003, 4004, 4005, 4007, 4008, 4009, 4010, 4011, 4012, 4013, 4014])
  })
})

describe('gateway URL', () => {
  test('sets version, encoding and compression; keeps a path', () => {
    assert.equal(gatewayUrl('wss://gateway.discord.gg', 'json', 'none'), 'wss://gateway.discord.gg/?v=10&encoding=json')
    assert.equal(gatewayUrl('wss://gateway.discord.gg/?v=9&compress=x', 'etf', 'zstd-stream'), 'wss://gateway.discord.gg/?v=10&encoding=etf&compress=zstd-stream')
    assert.equal(gatewayUrl('ws://127.0.0.1:9/gw', 'json', 'payload'), 'ws://127.0.0.1:9/gw?v=10&encoding=json')
  })
})
