// Behaviour 2 (heartbeats) on the pure machine, on a virtual clock.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MachineHarness, token } from './shard-harness.js'

describe('shard machine: heartbeats', () => {
  test('the d field carries the last sequence received (null before any dispatch)', () => {
    const h = new MachineHarness({ random: () => 0 })
    h.start()
    h.open()
    h.hello(1000)
    h.advance(0)
    h.ack()
    h.grant()
    h.ready('s', 1)
    h.advance(1000)
    h.ack()
    h.dispatch(2)
    h.dispatch(3)
    h.advance(1000)
    h.ack()
    h.dispatch(4)
    h.advance(1000)
    assert.deepEqual(h.sentOps(1).map((entry) => entry.payload.d), [null, 1, 3, 4])
  })

  test('an op 1 from the server is answered at once, without changing the rhythm', () => {
    const h = new MachineHarness({ random: () => 0.5 })
    h.toReady({ interval: 10_000 })
    h.advance(5000)
    h.ack()
    h.advance(2000)
    h.receive(1)
    assert.deepEqual(h.sentOps(1).map((entry) => entry.at), [5000, 7000])
    h.ack()
    h.advance(8000)
    assert.deepEqual(h.sentOps(1).map((entry) => entry.at), [5000, 7000, 15_000])
  })

  test('a missed ACK means a zombie: close with a resumable code and resume', () => {
    const h = new MachineHarness({ random: () => 0 })
    h.toReady({ interval: 10_000 })
    h.dispatch(2)
    h.advance(0) // first heartbeat, never acknowledged
    h.advance(10_000)
    assert.equal(h.state.kind, 'disconnected')
    assert.equal(h.eventsNamed('close').at(-1)!.reason, 'zombie')
    const close = h.closes.at(-1)!
    assert.notEqual(close.code, 1000)
    assert.notEqual(close.code, 1001)
    h.reconnectAndHello()
    assert.equal(h.connects.at(-1)!.url, 'wss://resume.test/?v=10&encoding=json')
    assert.deepEqual(h.sentOps(6).at(-1)!.payload.d, { token, session_id: 'session-1', seq: 2 })
  })

  test('every ACK reports the latency', () => {
    const h = new MachineHarness({ random: () => 0 })
    h.toReady({ interval: 10_000 })
    h.advance(0)
    h.advance(120)
    h.ack()
    h.advance(9880)
    h.advance(45)
    h.ack()
    assert.deepEqual(h.eventsNamed('heartbeat').map((event) => event.latency), [120, 45])
  })

  test('ping() heartbeats now and the ACK answers it; a pending heartbeat is not doubled', () => {
    const h = new MachineHarness({ random: () => 0.5 })
    h.toReady({ interval: 10_000 })
    h.advance(1000)
    h.feed({ type: 'ping' })
    assert.deepEqual(h.sentOps(1).map((entry) => entry.at), [1000])
    h.feed({ type: 'ping' }) // the first is still unanswered
    assert.equal(h.sentOps(1).length, 1)
    h.advance(33)
    h.ack()
    assert.deepEqual(h.eventsNamed('heartbeat').map((event) => event.latency), [33])
  })

  test('an out-of-turn heartbeat still unanswered when the regular beat is due is not a zombie', () => {
    const h = new MachineHarness({ random: () => 0.5 })
    h.toReady({ interval: 10_000 })
    h.advance(4900)
    h.feed({ type: 'ping' }) // 100 ms before the regular beat
    h.advance(100)
    assert.equal(h.state.kind, 'ready')
    assert.deepEqual(h.sentOps(1).map((entry) => entry.at), [4900, 5000])
    h.ack()
    assert.equal(h.eventsNamed('heartbeat')[0]!.latency, 100, 'measured from the oldest unanswered beat')
  })

  test('heartbeats run while waiting for an identify permit and while resuming', () => {
    const h = new MachineHarness({ random: () => 0 })
    h.start()
    h.open()
    h.hello(1000)
    h.advance(0)
    h.ack()
    h.advance(1000)
    assert.equal(h.state.kind, 'awaiting-identify')
    assert.equal(h.sentOps(1).length, 2)
    h.ack()
    h.grant()
    h.ready('s', 1)
    h.serverClose(1006)
    h.reconnectAndHello(1000)
    h.dispatch(2) // a replayed event
    h.advance(0)
    h.ack()
    h.advance(1000)
    assert.equal(h.state.kind, 'resuming')
    assert.deepEqual(h.sentOps(1).slice(-2).map((entry) => entry.payload.d), [2, 2], 'beats while resuming carry the replayed sequence')
  })
})
