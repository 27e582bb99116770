// Behaviour 5 (sending) on the pure machine, on a virtual clock.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MachineHarness } from './shard-harness.js'

const presence = (n: number) => ({ op: 3, d: { since: null, activities: [], status: 'online', afk: false, n } })

/** Largest count of sends in any 60 s sliding window. */
function maxInWindow(times: number[], windowMs = 60_000): number {
  let best = 0
  for (let i = 0; i < times.length; i++) {
    let count = 0
    for (let j = i; j < times.length && times[j]! < times[i]! + windowMs; j++) count++
    best = Math.max(best, count)
  }
  return best
}

describe('shard machine: sending', () => {
  test('120 per 60 s per connection, as a sliding window, with room kept for heartbeats', () => {
    const h = new MachineHarness({ random: () => 0.5, maxQueuedSends: 1000 })
    h.toReady({ interval: 41_250 })
    for (let n = 0; n < 400; n++) h.send(presence(n))
    // The heartbeat reserve: ceil(60 / 41.25) + 1 = 3 slots; identify took one.
    assert.equal(h.sentOps(3).length, 120 - 3 - 1)
    for (let step = 0; step < 300; step++) {
      h.advance(1000)
      if (h.sentOps(1).length > h.eventsNamed('heartbeat').length) h.ack()
    }
    const times = h.sent.map((entry) => entry.at)
    assert.ok(maxInWindow(times) <= 120, `max ${maxInWindow(times)} in a window`)
    assert.equal(h.sentOps(3).length, 400, 'every send went out: queued, never dropped')
    assert.deepEqual(h.sentOps(3).map((entry) => (entry.payload.d as { n: number }).n), [...Array(400).keys()], 'in order')
    assert.equal(h.state.kind, 'ready', 'heartbeats were never starved into a zombie')
    assert.equal(h.sentOps(1).length, Math.floor((300_000 - 20_625) / 41_250) + 1)
  })

  test('identify, resume and heartbeat go first', () => {
    const h = new MachineHarness({ random: () => 0, maxQueuedSends: 1000 })
    h.start()
    for (let n = 0; n < 5; n++) h.send(presence(n))
    h.open()
    h.hello(40_000)
    h.advance(0)
    h.grant()
    h.ready()
    assert.deepEqual(h.sent.map((entry) => entry.payload.op), [1, 2, 3, 3, 3, 3, 3])
    // Saturate the user lane, then a heartbeat still gets out.
    for (let n = 0; n < 200; n++) h.send(presence(n))
    h.ack()
    h.advance(40_000)
    assert.equal(h.sent.at(-1)!.payload.op, 1)
    assert.equal(h.sent.at(-1)!.lane, 'priority')
  })

  test('user sends made before READY wait in the queue, in order', () => {
    const h = new MachineHarness()
    h.start()
    h.send(presence(1))
    h.open()
    h.hello()
    h.send(presence(2))
    h.grant()
    h.send(presence(3))
    assert.equal(h.sentOps(3).length, 0)
    assert.equal(h.machine.queuedSends, 3)
    h.ready()
    assert.deepEqual(h.sentOps(3).map((entry) => (entry.payload.d as { n: number }).n), [1, 2, 3])
    assert.deepEqual(h.sentOps(3).map((entry) => entry.ticket), [1, 2, 3])
  })

  test('the queue is bounded: past its bound, send() rejects with SEND_QUEUE_FULL', () => {
    const h = new MachineHarness({ maxQueuedSends: 3 })
    h.start()
    const tickets = [1, 2, 3, 4].map((n) => h.send(presence(n)))
    assert.equal(h.rejected.size, 1)
    assert.throws(() => { throw h.rejected.get(tickets[3]!) }, { code: 'SEND_QUEUE_FULL' })
  })

  test('when the shard stops, queued and later sends reject with SHARD_CLOSED', () => {
    const h = new MachineHarness()
    h.start()
    const queued = h.send(presence(1))
    h.feed({ type: 'close', code: 1000 })
    const later = h.send(presence(2))
    assert.throws(() => { throw h.rejected.get(queued) }, { code: 'SHARD_CLOSED' })
    assert.throws(() => { throw h.rejected.get(later) }, { code: 'SHARD_CLOSED' })
  })

  test('payloads over 4096 bytes are rejected before sending; 4096 exactly is fine', () => {
    const h = new MachineHarness()
    h.toReady()
    const overhead = JSON.stringify({ op: 3, d: '' }).length
    const fits = h.send({ op: 3, d: 'x'.repeat(4096 - overhead) })
    const tooLarge = h.send({ op: 3, d: 'x'.repeat(4097 - overhead) })
    // Bytes, not characters: 2-byte characters count twice.
    const wide = h.send({ op: 3, d: 'é'.repeat(2100) })
    assert.equal(h.rejected.has(fits), false)
    assert.throws(() => { throw h.rejected.get(tooLarge) }, { code: 'PAYLOAD_TOO_LARGE' })
    assert.throws(() => { throw h.rejected.get(wide) }, { code: 'PAYLOAD_TOO_LARGE' })
    assert.equal(h.sentOps(3).length, 1)
  })

  test('a payload that cannot be encoded rejects with PAYLOAD_UNENCODABLE', () => {
    const h = new MachineHarness()
    h.toReady()
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    const ticket = h.send({ op: 3, d: cyclic })
    assert.throws(() => { throw h.rejected.get(ticket) }, { code: 'PAYLOAD_UNENCODABLE' })
  })

  test('a resume keeps the queue', () => {
    const h = new MachineHarness({ maxQueuedSends: 1000 })
    h.toReady({ interval: 41_250 })
    for (let n = 0; n < 130; n++) h.send(presence(n))
    const before = h.sentOps(3).length
    h.serverClose(1006)
    h.send(presence(130))
    h.reconnectAndHello(41_250)
    assert.equal(h.sentOps(3).length, before, 'nothing sent while resuming')
    h.dispatch(2, 'RESUMED')
    const after = h.sentOps(3).map((entry) => (entry.payload.d as { n: number }).n)
    assert.deepEqual(after.slice(before), [...Array(131).keys()].slice(before), 'the rest, in order, on the new connection')
  })
})
