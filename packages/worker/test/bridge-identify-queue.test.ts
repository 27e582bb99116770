// BridgeIdentifyQueue: the IdentifyQueue conformance suite, run through the bridge (comlink over
// a MessageChannel) to a LocalIdentifyQueue on the manager's side, on a virtual clock.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MessageChannel } from 'node:worker_threads'
import { LocalIdentifyQueue, ShardwireError, type SessionInfo } from '@shardwire/core'
import { identifyQueueConformance } from '../../core/test/identify-queue-conformance.js'
import { VirtualClock } from '../../core/test/shard-virtual-clock.js'
import type { ManagerApi } from '../src/bridge/bridge-api.js'
import { exposeApi } from '../src/bridge/expose-api.js'
import { IdentifyTickets } from '../src/bridge/identify-tickets.js'
import { RpcClient } from '../src/bridge/rpc-client.js'
import { BridgeIdentifyQueue } from '../src/host/bridge-identify-queue.js'

/** Lets messages cross a MessageChannel and their answers come back. */
async function bridgeTurns(): Promise<void> {
  for (let i = 0; i < 6; i++) await new Promise((resolve) => setImmediate(resolve))
}


function managerApi(tickets: IdentifyTickets, queue: LocalIdentifyQueue): ManagerApi {
  return {
    acquireIdentify: (ticket, shardId, timeoutMs) => tickets.acquire(ticket, shardId, timeoutMs),
    cancelIdentify: async (ticket) => tickets.cancel(ticket),
    identifySent: async (shardId) => queue.identifySent(shardId),
    retrieveSession: async (): Promise<SessionInfo | null> => null,
    updateSession: async () => {},
    reportLifecycle: async () => {},
  }
}

function bridge(queue: LocalIdentifyQueue): { remote: BridgeIdentifyQueue; tickets: IdentifyTickets; client: RpcClient<ManagerApi>; close(): void } {
  const channel = new MessageChannel()
  const tickets = new IdentifyTickets(queue)
  exposeApi<ManagerApi>(channel.port2, managerApi(tickets, queue))
  const client = new RpcClient<ManagerApi>(channel.port1, { peer: 'the manager' })
  return { remote: new BridgeIdentifyQueue(client), tickets, client, close: () => { client.close(); channel.port2.close() } }
}

identifyQueueConformance('BridgeIdentifyQueue over the bridge to a LocalIdentifyQueue', async ({ maxConcurrency, windowMs }) => {
  const clock = new VirtualClock(bridgeTurns)
  const { remote, close } = bridge(new LocalIdentifyQueue({ maxConcurrency, windowMs, clock }))
  return { queue: remote, now: () => clock.now(), advance: (ms) => clock.advance(ms), dispose: async () => close() }
}, { windowMs: 5000, toleranceMs: 0 }, { identifySent: true })

test('withdrawing on the worker side frees the ticket on the manager side', async () => {
  const clock = new VirtualClock(bridgeTurns)
  const { remote, tickets, close } = bridge(new LocalIdentifyQueue({ maxConcurrency: 1, windowMs: 5000, clock }))
  try {
    await remote.waitForIdentify(0, { timeoutMs: 60_000 })
    const controller = new AbortController()
    const withdrawn = remote.waitForIdentify(1, { timeoutMs: 60_000, signal: controller.signal })
    await clock.advance(0)
    assert.equal(tickets.size, 1)
    controller.abort()
    await assert.rejects(withdrawn, { code: 'IDENTIFY_CANCELLED' })
    await clock.advance(0)
    assert.equal(tickets.size, 0)
  } finally {
    close()
  }
})

test("a dead worker's tickets are released without spending a slot", async () => {
  const clock = new VirtualClock(bridgeTurns)
  const queue = new LocalIdentifyQueue({ maxConcurrency: 1, windowMs: 5000, clock })
  const dying = bridge(queue)
  const living = bridge(queue)
  try {
    await living.remote.waitForIdentify(0, { timeoutMs: 60_000 })
    const orphan = assert.rejects(dying.remote.waitForIdentify(1, { timeoutMs: 60_000 }), { code: 'WORKER_DIED' })
    let granted = false
    const next = living.remote.waitForIdentify(2, { timeoutMs: 60_000 }).then(() => { granted = true })
    await clock.advance(0)
    dying.tickets.releaseAll(new ShardwireError('WORKER_DIED', 'worker 1 exited'))
    dying.client.fail(new ShardwireError('WORKER_DIED', 'worker 1 exited'))
    await orphan
    // Shard 2 takes the slot shard 1's dead worker never used, one window after shard 0.
    await clock.advance(5000)
    assert.equal(granted, true, 'shard 2 was granted at 5000')
    await next
  } finally {
    dying.close()
    living.close()
  }
})

test('an identify wait the manager never answers is bounded by the bridge', async () => {
  const channel = new MessageChannel()
  const queue = new LocalIdentifyQueue()
  const hanging: ManagerApi = { ...managerApi(new IdentifyTickets(queue), queue), acquireIdentify: () => new Promise<void>(() => {}) }
  exposeApi<ManagerApi>(channel.port2, hanging)
  const client = new RpcClient<ManagerApi>(channel.port1, { peer: 'the manager' })
  const call = client.call('acquireIdentify', [1, 0, 10], { timeoutMs: 50 })
  await assert.rejects(call, { code: 'RPC_TIMEOUT' })
  client.close()
  channel.port2.close()
})
