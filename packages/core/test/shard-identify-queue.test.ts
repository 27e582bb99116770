// LocalIdentifyQueue: the IdentifyQueue conformance suite on a virtual clock (deterministic; real-clock
// implementations run the same suite with a short window and a small tolerance), plus its own options.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LocalIdentifyQueue } from '../src/shard/local-identify-queue.js'
import { identifyQueueConformance } from './identify-queue-conformance.js'
import { VirtualClock } from './shard-virtual-clock.js'

identifyQueueConformance('LocalIdentifyQueue (virtual clock)', async ({ maxConcurrency, windowMs }) => {
  const clock = new VirtualClock()
  return {
    queue: new LocalIdentifyQueue({ maxConcurrency, windowMs, clock }),
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    dispose: async () => {},
  }
}, { windowMs: 5000, toleranceMs: 0 }, { identifySent: true })


test('LocalIdentifyQueue leaves no timer behind once every request is settled', async () => {
  const clock = new VirtualClock()
  const queue = new LocalIdentifyQueue({ maxConcurrency: 1, windowMs: 5000, clock })
  const first = queue.waitForIdentify(0, { timeoutMs: 60_000 })
  const second = queue.waitForIdentify(1, { timeoutMs: 60_000 })
  await clock.advance(5000)
  await Promise.all([first, second])
  assert.equal(clock.pending, 0)
})

test('LocalIdentifyQueue validates its options and the shard id', async () => {
  assert.throws(() => new LocalIdentifyQueue({ maxConcurrency: 0 }), { code: 'INVALID_OPTION', option: 'maxConcurrency' })
  assert.throws(() => new LocalIdentifyQueue({ windowMs: -1 }), { code: 'INVALID_OPTION', option: 'windowMs' })
  await assert.rejects(new LocalIdentifyQueue().waitForIdentify(-1, { timeoutMs: 1 }), { code: 'INVALID_OPTION', option: 'shardId' })
})

test('LocalIdentifyQueue: a withdrawn or timed-out wait rejects with its code and frees the bucket', async () => {
  const clock = new VirtualClock()
  const queue = new LocalIdentifyQueue({ maxConcurrency: 1, windowMs: 5000, clock })
  await queue.waitForIdentify(0, { timeoutMs: 1000 })
  const controller = new AbortController()
  const withdrawn = queue.waitForIdentify(1, { timeoutMs: 60_000, signal: controller.signal })
  const late = queue.waitForIdentify(2, { timeoutMs: 1000 })
  const next = queue.waitForIdentify(3, { timeoutMs: 60_000 })
  controller.abort()
  await assert.rejects(withdrawn, { code: 'IDENTIFY_CANCELLED' })
  await clock.advance(1000)
  await assert.rejects(late, { code: 'IDENTIFY_TIMEOUT' })
  await clock.advance(4000)
  await next
  assert.equal(clock.now(), 5000)
})
