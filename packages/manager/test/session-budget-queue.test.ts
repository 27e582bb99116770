// SessionBudgetQueue: starts pass while the budget lasts, then wait for the reset (reported
// once), honour their timeout and abort, and a request the inner queue rejects gives its start back.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LocalIdentifyQueue, ShardwireError, type IdentifyQueue, type IdentifyWaitOptions } from '@shardwire/core'
import { identifyQueueConformance } from '../../core/test/identify-queue-conformance.js'
import { VirtualClock } from '../../core/test/shard-virtual-clock.js'
import { SessionBudgetQueue, type IdentifyWaitingEvent } from '../src/session-budget-queue.js'

class RecordingQueue implements IdentifyQueue {
  readonly asked: number[] = []
  failNext = false
  async waitForIdentify(shardId: number, _options: IdentifyWaitOptions): Promise<void> {
    if (this.failNext) {
      this.failNext = false
      throw new ShardwireError('IDENTIFY_TIMEOUT', 'inner timeout')
    }
    this.asked.push(shardId)
  }
}

test('the budget is spent, then requests wait for the reset and are reported once each', async () => {
  const inner = new RecordingQueue()
  const waiting: IdentifyWaitingEvent[] = []
  let refreshes = 0
  const queue = new SessionBudgetQueue(inner, { total: 5, remaining: 1, reset_after: 60 }, {
    refresh: async () => ({ total: 5, remaining: 5 - refreshes++, reset_after: 60_000 }),
    waiting: (event) => waiting.push(event),
  })
  await queue.waitForIdentify(0, { timeoutMs: 1000 })
  await assert.rejects(queue.waitForIdentify(1, { timeoutMs: 20 }), { code: 'IDENTIFY_TIMEOUT', message: /session start budget/ })
  const controller = new AbortController()
  const withdrawn = queue.waitForIdentify(3, { timeoutMs: 1000, signal: controller.signal })
  controller.abort()
  await assert.rejects(withdrawn, { code: 'IDENTIFY_CANCELLED' })
  await queue.waitForIdentify(2, { timeoutMs: 5000 })
  assert.deepEqual(inner.asked, [0, 2])
  assert.deepEqual(waiting.map((event) => event.shardId), [1, 3, 2])
  assert.equal(refreshes, 1, 'one refresh after the reset')
  assert.equal(queue.remaining, 4)

  inner.failNext = true
  await assert.rejects(queue.waitForIdentify(4, { timeoutMs: 1000 }), { code: 'IDENTIFY_TIMEOUT', message: /inner/ })
  assert.equal(queue.remaining, 4, 'a rejected request gave its start back')
})

identifyQueueConformance('SessionBudgetQueue over a LocalIdentifyQueue', async ({ maxConcurrency, windowMs, sessionStartLimit }) => {
  const clock = new VirtualClock()
  const inner = new LocalIdentifyQueue({ maxConcurrency, windowMs, clock })
  const limit = sessionStartLimit ?? { remaining: 1000, total: 1000, reserve: 0, resetAfterMs: 86_400_000 }
  const queue = new SessionBudgetQueue(inner, { total: limit.total, remaining: limit.remaining, reset_after: limit.resetAfterMs }, {
    refresh: async () => ({ total: limit.total, remaining: limit.total, reset_after: limit.resetAfterMs }),
    waiting: () => {},
  }, { reserve: limit.reserve, clock })
  return { queue, now: () => clock.now(), advance: (ms) => clock.advance(ms), dispose: async () => {} }
}, { windowMs: 5000, toleranceMs: 0 }, { sessionStartLimit: true, identifySent: true })

test('SessionBudgetQueue validates its reserve', () => {
  assert.throws(() => new SessionBudgetQueue(new RecordingQueue(), { total: 1, remaining: 1, reset_after: 0 }, { refresh: async () => ({ total: 1, remaining: 1, reset_after: 0 }), waiting: () => {} }, { reserve: -1 }), { code: 'INVALID_OPTION', option: 'reserve' })
})
