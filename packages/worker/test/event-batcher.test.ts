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
