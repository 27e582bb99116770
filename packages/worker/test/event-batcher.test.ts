// EventBatcher: one message per tick, in order, and the filter keeps unlistened events in the worker.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MessageChannel } from 'node:worker_threads'
import type { ShardDispatch } from '@shardwire/core'
import type { EventBatch } from '../src/bridge/bridge-api.js'
import { EventBatcher } from '../src/host/event-batcher.js'

function dispatch(t: string, s: number): ShardDispatch {
  return { op: 0, t, s, d: { n: s } } as unknown as ShardDispatch
}

async function collect(run: (batcher: EventBatcher) => Promise<void>, filter: readonly string[] | null): Promise<EventBatch[]> {
  const channel = new MessageChannel()
  const batches: EventBatch[] = []
  const ended = new Promise<void>((resolve) => channel.port1.on('message', (batch: EventBatch) => {
    if (batch.length === 0) resolve()
    else batches.push(batch)
  }))
  const batcher = new EventBatcher(channel.port2, filter)
  await run(batcher)
  // One more message marks the end: everything posted before it has arrived once it does.
  channel.port2.postMessage([])
  await ended
  channel.port1.close()
  return batches
}

test('dispatches of one tick travel as one batch, in order; the next tick starts another', async () => {
  const batches = await collect(async (batcher) => {
    for (let s = 1; s <= 5; s++) batcher.push(s % 2, dispatch('MESSAGE_CREATE', s))
    await new Promise((resolve) => setImmediate(resolve))
    batcher.push(0, dispatch('TYPING_START', 6))
    await new Promise((resolve) => setImmediate(resolve))
  }, null)
  assert.deepEqual(batches.map((batch) => batch.map(([shardId, payload]) => [shardId, payload.s])), [
    [[1, 1], [0, 2], [1, 3], [0, 4], [1, 5]],
    [[0, 6]],
  ])
})

test('the filter holds back names nobody listens to, and can change', async () => {
  let held = 0
  let forwarded = 0
  const batches = await collect(async (batcher) => {
    batcher.push(0, dispatch('MESSAGE_CREATE', 1))
    batcher.push(0, dispatch('PRESENCE_UPDATE', 2))
    batcher.flush()
    assert.equal(batcher.accepts('PRESENCE_UPDATE'), false)
    batcher.setFilter(['PRESENCE_UPDATE'])
    batcher.push(0, dispatch('MESSAGE_CREATE', 3))
    batcher.push(0, dispatch('PRESENCE_UPDATE', 4))
    batcher.flush()
    held = batcher.held
    forwarded = batcher.forwarded
  }, ['MESSAGE_CREATE'])
  assert.deepEqual(batches.map((batch) => batch.map(([, payload]) => `${payload.t}:${payload.s}`)), [['MESSAGE_CREATE:1'], ['PRESENCE_UPDATE:4']])
  assert.equal(held, 2)
  assert.equal(forwarded, 2)
})

test('JSON dispatches travel as their text, READY decoded', async () => {
  const batches = await collect(async (batcher) => {
    const ready = dispatch('READY', 1)
    batcher.push(0, ready, '{"op":0,"d":{},"s":1,"t":"READY"}')
    batcher.push(0, dispatch('MESSAGE_CREATE', 2), '{"op":0,"d":{"n":2},"s":2,"t":"MESSAGE_CREATE"}')
    batcher.flush()
  }, null)
  assert.deepEqual(batches, [[
    [0, { op: 0, t: 'READY', s: 1, d: { n: 1 } }],
    [0, { op: 0, t: 'MESSAGE_CREATE', s: 2, text: '{"op":0,"d":{"n":2},"s":2,"t":"MESSAGE_CREATE"}' }],
  ]])
})

test('with an interval, batches leave at most once per interval, the first at once', async () => {
  const channel = new MessageChannel()
  const arrivals: number[] = []
  let endReceived: () => void = () => {}
  const ended = new Promise<void>((resolve) => { endReceived = resolve })
  channel.port1.on('message', (batch: EventBatch) => {
    if (batch.length === 0) endReceived()
    else arrivals.push(batch.length)
  })
  const batcher = new EventBatcher(channel.port2, null, 50)
  batcher.push(0, dispatch('MESSAGE_CREATE', 1))
  await new Promise((resolve) => setImmediate(resolve))
  // Within the interval: these wait for the timer, together.
  batcher.push(0, dispatch('MESSAGE_CREATE', 2))
  await new Promise((resolve) => setImmediate(resolve))
  batcher.push(0, dispatch('MESSAGE_CREATE', 3))
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(batcher.forwarded, 1)
  await new Promise((resolve) => setTimeout(resolve, 80))
  assert.equal(batcher.forwarded, 3)
  // flush() still sends at once, whatever the interval.
  batcher.push(0, dispatch('MESSAGE_CREATE', 4))
  batcher.flush()
  assert.equal(batcher.forwarded, 4)
  channel.port2.postMessage([])
  await ended
  channel.port1.close()
  assert.deepEqual(arrivals, [1, 2, 1])
})
