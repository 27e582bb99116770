// Behaviour 3 (resuming) on the pure machine, on a virtual clock.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MachineHarness, token } from './shard-harness.js'

const resumeUrl = 'wss://resume.test/?v=10&encoding=json'
const mainUrl = 'wss://gateway.test/?v=10&encoding=json'

/** A ready shard at sequence 5. */
function readyAt5(): MachineHarness {
  const h = new MachineHarness()
  h.toReady()
  for (let s = 2; s <= 5; s++) h.dispatch(s)
  return h
}

function assertResumedAt(h: MachineHarness, seq: number): void {
  assert.equal(h.state.kind, 'resuming')
  assert.equal(h.connects.at(-1)!.url, resumeUrl)
  assert.deepEqual(h.sentOps(6).at(-1)!.payload.d, { token, session_id: 'session-1', seq })
  assert.equal(h.sentOps(2).length, 1, 'no second identify')
}

describe('shard machine: resuming', () => {
  const triggers: [string, (h: MachineHarness) => void, number | null][] = [
    ['op 7', (h) => h.receive(7), 4900],
    ['op 9 with d: true', (h) => h.receive(9, true), 4900],
    ['a resumable close (4000)', (h) => h.serverClose(4000), null],
    ['a rate-limit close (4008)', (h) => h.serverClose(4008), null],
    ['a dropped socket (1006)', (h) => h.serverClose(1006), null],
    ['a close without a code (1005)', (h) => h.serverClose(1005), null],
  ]
  for (const [name, trigger, closeCode] of triggers) {
    test(`resumes on resume_gateway_url with the last sequence after ${name}`, () => {
      const h = readyAt5()
      trigger(h)
      assert.equal(h.state.kind, 'disconnected')
      if (closeCode !== null) assert.equal(h.closes.at(-1)!.code, closeCode)
      else assert.equal(h.closes.length, 0, 'the server closed: nothing to close')
      assert.equal(h.eventsNamed('close').at(-1)!.reconnect, true)
      h.reconnectAndHello()
      assertResumedAt(h, 5)
    })
  }

  test('after a zombie too', () => {
    const h = readyAt5()
    h.advance(h.timers.get('heartbeat')! - h.now)
    h.advance(40_000)
    h.reconnectAndHello()
    assertResumedAt(h, 5)
  })

  test('op 9 with d: false forgets the session and identifies anew after 1 to 5 s', () => {
    for (const seed of [0, 0.5, 0.999]) {
      const h = new MachineHarness({ random: () => seed })
      h.toReady()
      h.receive(9, false)
      const wait = h.timers.get('reconnect')! - h.now
      assert.ok(wait >= 1000 && wait <= 5000, `waited ${wait} ms`)
      assert.equal(h.saves.at(-1), null, 'the dead session is forgotten')
      h.reconnectAndHello()
      assert.equal(h.state.kind, 'awaiting-identify')
      assert.equal(h.connects.at(-1)!.url, mainUrl)
      h.grant()
      assert.equal(h.sentOps(2).length, 2)
    }
  })

  test('a failed resume (op 9 d: false while resuming, or 4007/4009) identifies anew after 1 to 5 s', () => {
    for (const fail of [(h: MachineHarness) => h.receive(9, false), (h: MachineHarness) => h.serverClose(4007), (h: MachineHarness) => h.serverClose(4009)]) {
      const h = readyAt5()
      h.serverClose(1006)
      h.reconnectAndHello()
      fail(h)
      const wait = h.timers.get('reconnect')! - h.now
      assert.ok(wait >= 1000 && wait <= 5000, `waited ${wait} ms`)
      h.reconnectAndHello()
      assert.equal(h.state.kind, 'awaiting-identify')
      assert.equal(h.connects.at(-1)!.url, mainUrl)
    }
  })

  test('loop breaker: after maxResumeFailures failed resumes, identify anew on the main URL', () => {
    const h = readyAt5()
    h.serverClose(1006)
    for (let attempt = 1; attempt <= 3; attempt++) {
      h.reconnectAndHello()
      assertResumedAt(h, 5)
      h.serverClose(4000) // the resume never reaches RESUMED
    }
    assert.ok(h.state.kind === 'disconnected')
    assert.equal(h.state.resume, null)
    h.reconnectAndHello()
    assert.equal(h.connects.at(-1)!.url, mainUrl)
    assert.equal(h.state.kind, 'awaiting-identify')
    assert.equal(h.sentOps(6).length, 3)
  })

  test('a resume that reaches RESUMED resets the failure count', () => {
    const h = readyAt5()
    for (let round = 0; round < 5; round++) {
      h.serverClose(1006)
      h.reconnectAndHello()
      h.serverClose(4000) // one failed resume
      h.reconnectAndHello()
      h.dispatch(6 + round, 'RESUMED')
      assert.equal(h.state.kind, 'ready')
    }
    assert.equal(h.sentOps(2).length, 1, 'never identified again')
  })

  test('replayed events are delivered exactly once and in order; resumed reports the count', () => {
    const h = readyAt5()
    h.serverClose(1006)
    h.reconnectAndHello()
    // The server replays 4..8 (overlapping what was delivered), then RESUMED.
    for (const s of [4, 5, 6, 7, 8]) h.dispatch(s)
    h.dispatch(9, 'RESUMED')
    assert.equal(h.state.kind, 'ready')
    assert.deepEqual(h.dispatchSequence(), [1, 2, 3, 4, 5, 6, 7, 8, 9])
    assert.deepEqual(h.eventsNamed('resumed').map((event) => event.replayed), [3])
    h.dispatch(9)
    h.dispatch(10)
    assert.deepEqual(h.dispatchSequence().slice(-2), [9, 10])
  })

  test('attempts reset on RESUMED: the next drop backs off from the start', () => {
    const h = readyAt5()
    h.serverClose(1006)
    h.advance(h.timers.get('reconnect')! - h.now)
    h.serverClose(1006) // connect failed: attempt 1
    h.advance(h.timers.get('reconnect')! - h.now)
    h.serverClose(1006) // attempt 2
    assert.ok(h.state.kind === 'disconnected')
    assert.equal(h.state.attempt, 2)
    h.reconnectAndHello()
    h.dispatch(6, 'RESUMED')
    h.serverClose(1006)
    assert.ok(h.state.kind === 'disconnected')
    assert.equal(h.state.attempt, 0)
  })
})
