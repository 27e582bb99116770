// The session start budget: with few starts left, the manager waits for the reset and says
// why, instead of exceeding the budget (which costs a real bot its token).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { IdentifyWaitingEvent } from '@shardwire/manager'
import { startSim } from '../shard/sim-harness.js'
import { createManager, liveFixture } from './manager-harness.js'

const live = liveFixture()

test('with 2 starts left for 4 shards, two identify, two wait for the reset and are reported, none exceeds', async () => {
  live.sim = await startSim({ shards: 4, maxConcurrency: 4, sessionStartLimit: { total: 10, remaining: 2, resetAfterMs: 2500 } })
  const s = live.sim
  const m = createManager(s, { shardsPerWorker: 2 })
  live.manager = m
  const waiting: IdentifyWaitingEvent[] = []
  m.on('identifyWaiting', (event) => waiting.push(event))
  const started = performance.now()
  await m.connect()
  assert.ok(performance.now() - started >= 2000, 'the last two shards waited for the reset')
  assert.deepEqual(s.records.violations, [], 'no session-start-limit violation')
  assert.deepEqual(s.records.identifies.map((identify) => identify.outcome), ['ready', 'ready', 'ready', 'ready'])
  assert.equal(waiting.length, 2)
  for (const event of waiting) {
    assert.equal(event.remaining, 0)
    assert.ok(event.waitMs > 0 && event.waitMs <= 2500 + 250)
    assert.match(event.reason, /no session starts left/)
  }
  assert.equal(s.sessionStartLimit().remaining, 10 - 2)
})
