// The pure protocol rules: no sockets, no clock.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkIdentify } from '../src/rules/identify-payload.js'
import { checkResume } from '../src/rules/resume-payload.js'
import { IdentifyLimiter } from '../src/rules/identify-limiter.js'
import { SessionStartBudget } from '../src/rules/session-start-budget.js'
import { SendRateWindow } from '../src/rules/send-rate-window.js'
import { isHeartbeatData } from '../src/rules/heartbeat-payload.js'
import { clientOpcodeRule } from '../src/rules/opcodes.js'
import { snowflakeOnShard } from '../src/rules/guild-routing.js'
import {
  clientCloseEndsSession,
  closeCodes,
  closeEndsSession,
  identifyBucket,
  intents,
  parseGatewayQuery,
  privilegedIntentsMask,
  shardForGuild,
  violationRules,
} from '../src/index.js'

const policy = { token: 't', enabledPrivilegedIntents: privilegedIntentsMask }
const valid = { token: 't', intents: intents.GUILDS, properties: { os: 'linux', browser: 'b', device: 'd' } }

describe('rules', () => {
  test('close codes: Discord numbers, and which ones end the session', () => {
    assert.deepEqual(
      Object.values(closeCodes).map((c) => c.code),
      [4000, 4001, 4002, 4003, 4004, 4005, 4007, 4008, 4009, 4010, 4011, 4012, 4013, 4014],
    )
    for (const code of [4000, 4001, 4002, 4003, 4005, 4008, 4900, 1011]) assert.equal(closeEndsSession(code), false, String(code))
    for (const code of [1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]) assert.equal(closeEndsSession(code), true, String(code))
    assert.equal(clientCloseEndsSession(1000), true)
    assert.equal(clientCloseEndsSession(4200), false)
    assert.equal(violationRules['rate-limited'].reaction.close, 4008)
  })

  test('gateway query: version, encoding and compression', () => {
    assert.deepEqual(parseGatewayQuery('?v=10&encoding=etf&compress=zstd-stream', [10]), {
      ok: true,
      query: { version: 10, encoding: 'etf', compression: 'zstd-stream' },
    })
    assert.deepEqual(parseGatewayQuery('v=10', [10]), { ok: true, query: { version: 10, encoding: 'json', compression: null } })
    const cases: Array<[string, number, string]> = [
      ['v=9', 4012, 'invalid-version'],
      ['v=10.0', 4012, 'invalid-version'],
      ['', 4012, 'invalid-version'],
      ['v=10&encoding=msgpack', 4002, 'invalid-encoding'],
      ['v=10&compress=zlib', 4002, 'invalid-compression'],
    ]
    for (const [query, closeCode, violation] of cases) {
      const result = parseGatewayQuery(query, [10])
      assert.equal(result.ok, false, query)
      if (!result.ok) assert.deepEqual([result.closeCode, result.violation], [closeCode, violation])
    }
    assert.equal(parseGatewayQuery('v=9', [9, 10]).ok, true)
  })

  test('identify: shape, then token, shard, intents and privileged intents', () => {
    const ok = checkIdentify(valid, policy)
    assert.ok(ok.ok)
    assert.deepEqual(ok.identify.shard, [0, 1])
    assert.equal(ok.identify.largeThreshold, 50)
    const cases: Array<[unknown, string]> = [
      [null, 'identify-invalid'],
      [{ ...valid, token: 1 }, 'identify-invalid'],
      [{ ...valid, properties: { os: 'x' } }, 'identify-invalid'],
      [{ ...valid, shard: [0] }, 'identify-invalid'],
      [{ ...valid, large_threshold: 251 }, 'identify-invalid'],
      [{ ...valid, compress: 'yes' }, 'identify-invalid'],
      [{ ...valid, token: 'other' }, 'authentication-failed'],
      [{ ...valid, shard: [1, 1] }, 'invalid-shard'],
      [{ ...valid, shard: [0, 0] }, 'invalid-shard'],
      [{ ...valid, intents: 1.5 }, 'invalid-intents'],
      [{ ...valid, intents: 1 << 17 }, 'invalid-intents'],
      [{ ...valid, intents: undefined }, 'invalid-intents'],
    ]
    for (const [d, violation] of cases) {
      const result = checkIdentify(d, policy)
      assert.equal(result.ok ? 'ok' : result.violation, violation, JSON.stringify(d))
    }
    const noPrivileged = checkIdentify({ ...valid, intents: intents.MESSAGE_CONTENT }, { ...policy, enabledPrivilegedIntents: 0 })
    assert.equal(noPrivileged.ok ? 'ok' : noPrivileged.violation, 'disallowed-intents')
  })

  test('resume: shape and token', () => {
    assert.deepEqual(checkResume({ token: 't', session_id: 's', seq: 3 }, 't'), { ok: true, resume: { token: 't', sessionId: 's', seq: 3 } })
    for (const d of [null, [], { token: 't', session_id: 1, seq: 1 }, { token: 't', session_id: 's', seq: -1 }, { token: 't', session_id: 's' }]) {
      const result = checkResume(d, 't')
      assert.equal(result.ok ? 'ok' : result.violation, 'resume-invalid')
    }
    const wrong = checkResume({ token: 'x', session_id: 's', seq: 0 }, 't')
    assert.equal(wrong.ok ? 'ok' : wrong.violation, 'authentication-failed')
  })

  test('opcodes: what a client may send, and what needs a session', () => {
    assert.equal(clientOpcodeRule(1)?.requiresSession, false)
    assert.equal(clientOpcodeRule(3)?.requiresSession, true)
    for (const op of [0, 5, 7, 9, 10, 11, 99, -1]) assert.equal(clientOpcodeRule(op), undefined, String(op))
    assert.equal(isHeartbeatData(null), true)
    assert.equal(isHeartbeatData(12), true)
    assert.equal(isHeartbeatData(-1), false)
    assert.equal(isHeartbeatData('12'), false)
  })

  test('routing: (guild_id >> 22) % num_shards on 64-bit ids, and moving an id onto a shard', () => {
    assert.equal(shardForGuild('81384788765712384', 1), 0)
    // 81384788765712384 >> 22 = 19403645698, and 19403645698 % 16 = 2.
    assert.equal(shardForGuild('81384788765712384', 16), 2)
    assert.equal(shardForGuild('1229485947934613514', 7), Number((1229485947934613514n >> 22n) % 7n))
    for (let shard = 0; shard < 5; shard++) {
      const moved = snowflakeOnShard('1229485947934613514', shard, 5)
      assert.equal(shardForGuild(moved, 5), shard)
      assert.ok(Math.abs(Number((BigInt(moved) >> 22n) - (1229485947934613514n >> 22n))) < 5)
    }
  })

  test('identify buckets: shard_id % max_concurrency, once per window each', () => {
    assert.deepEqual([0, 1, 2, 3, 16, 17].map((id) => identifyBucket(id, 16)), [0, 1, 2, 3, 0, 1])
    const limiter = new IdentifyLimiter(2, 5000)
    assert.deepEqual(limiter.tryAcquire(0, 1000), { granted: true, bucket: 0 })
    assert.deepEqual(limiter.tryAcquire(1, 1000), { granted: true, bucket: 1 })
    assert.deepEqual(limiter.tryAcquire(2, 5999), { granted: false, bucket: 0, retryAfterMs: 1 })
    assert.deepEqual(limiter.tryAcquire(2, 6000), { granted: true, bucket: 0 })
    assert.deepEqual(limiter.tryAcquire(3, 6000), { granted: true, bucket: 1 })
  })

  test('session start budget: spends, refuses at zero, refills after reset_after', () => {
    const budget = new SessionStartBudget({ total: 2, remaining: 2, resetAfterMs: 1000, maxConcurrency: 4, now: 0 })
    assert.deepEqual(budget.snapshot(0), { total: 2, remaining: 2, reset_after: 1000, max_concurrency: 4 })
    assert.equal(budget.tryConsume(10), true)
    assert.equal(budget.tryConsume(20), true)
    assert.equal(budget.tryConsume(30), false)
    assert.deepEqual(budget.snapshot(400), { total: 2, remaining: 0, reset_after: 600, max_concurrency: 4 })
    assert.equal(budget.snapshot(1000).remaining, 2)
    assert.equal(budget.snapshot(3500).reset_after, 500)
  })

  test('send window: fixed windows from the socket opening, or a sliding window', () => {
    const fixed = new SendRateWindow({ limit: 3, windowMs: 100, mode: 'fixed', openedAt: 0 })
    assert.deepEqual([10, 20, 90, 100, 110, 120].map((t) => fixed.hit(t)), [true, true, true, true, true, true])
    assert.equal(fixed.hit(130), false)
    assert.deepEqual(fixed.windows, [
      { start: 0, count: 3 },
      { start: 100, count: 4 },
    ])
    // The same traffic breaks a sliding window: four sends within 100 ms.
    const sliding = new SendRateWindow({ limit: 3, windowMs: 100, mode: 'sliding', openedAt: 0 })
    assert.deepEqual([10, 20, 90, 100, 110].map((t) => sliding.hit(t)), [true, true, true, false, false])
  })
})
