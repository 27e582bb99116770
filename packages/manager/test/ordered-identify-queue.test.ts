// OrderedIdentifyQueue: each bucket's startup shards reach the shared queue in ascending order;
// skips, timeouts and aborts never leave a shard waiting for one that will not ask.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LocalIdentifyQueue, type IdentifyQueue, type IdentifyWaitOptions } from '@shardwire/core'
import { identifyQueueConformance } from '../../core/test/identify-queue-conformance.js'
import { VirtualClock } from '../../core/test/shard-virtual-clock.js'
import { OrderedIdentifyQueue } from '../src/ordered-identify-queue.js'

/** An inner queue that grants at once and records the order it was asked in. */
class RecordingQueue implements IdentifyQueue {
  readonly asked: number[] = []
  async waitForIdentify(shardId: number, _options: IdentifyWaitOptions): Promise<void> {
    this.asked.push(shardId)
  }
}

const long = { timeoutMs: 60_000 }

async function turn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
}

test('a bucket passes its startup shards on in ascending order, whoever asks first', async () => {
  const inner = new RecordingQueue()
  const queue = new OrderedIdentifyQueue(inner, 2, [0, 1, 2, 3, 4, 5])
  const granted: number[] = []
  const ask = (shardId: number): Promise<void> => queue.waitForIdentify(shardId, long).then(() => void granted.push(shardId))
  const waits = [ask(4), ask(2), ask(5), ask(3)]
  await turn()
  assert.deepEqual(inner.asked, [], 'held until the heads of both buckets ask')
  waits.push(ask(1))
  await turn()
  assert.deepEqual(inner.asked, [1, 3, 5])
  waits.push(ask(0))
  await Promise.all(waits)
  assert.deepEqual(inner.asked, [1, 3, 5, 0, 2, 4])
  // Once started, a shard asking again goes straight through.
  await ask(2)
  assert.deepEqual(inner.asked.at(-1), 2)
})

test('a skipped shard (resumed, stopped, its worker gone) stops holding the others', async () => {
  const inner = new RecordingQueue()
  const queue = new OrderedIdentifyQueue(inner, 1, [0, 1, 2])
  const waiting = queue.waitForIdentify(2, long)
  queue.skip(0)
  await turn()
  assert.deepEqual(inner.asked, [])
  queue.skip(1)
  await waiting
  assert.deepEqual(inner.asked, [2])
  queue.skip(7)
  await queue.waitForIdentify(9, long)
  assert.deepEqual(inner.asked, [2, 9], 'a shard outside the startup is never held')
})

test('a held request honours its timeout and abort, and a timeout gives the order up', async () => {
  const inner = new RecordingQueue()
  const queue = new OrderedIdentifyQueue(inner, 1, [0, 1, 2])
  await assert.rejects(queue.waitForIdentify(2, { timeoutMs: 20 }), { code: 'IDENTIFY_TIMEOUT' })
  // Shards 0 and 1 never asked in 20 ms: shard 2 no longer waits for them.
  await queue.waitForIdentify(2, long)
  assert.deepEqual(inner.asked, [2])

  const controller = new AbortController()
  const ordered = new OrderedIdentifyQueue(inner, 1, [0, 1])
  const withdrawn = ordered.waitForIdentify(1, { timeoutMs: 60_000, signal: controller.signal })
  controller.abort()
  await assert.rejects(withdrawn, { code: 'IDENTIFY_CANCELLED' })
  await ordered.waitForIdentify(0, long)
  assert.deepEqual(inner.asked, [2, 0], 'the withdrawn request was not passed on when its turn came')
})

identifyQueueConformance('OrderedIdentifyQueue over a LocalIdentifyQueue', async ({ maxConcurrency, windowMs }) => {
  const clock = new VirtualClock()
  const inner = new LocalIdentifyQueue({ maxConcurrency, windowMs, clock })
  return {
    queue: new OrderedIdentifyQueue(inner, maxConcurrency, [0, 1, 2, 3, 4, 5]),
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    dispose: async () => {},
  }
}, { windowMs: 5000, toleranceMs: 0 }, { identifySent: true })
