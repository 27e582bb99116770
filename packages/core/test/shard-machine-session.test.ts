// Behaviours 6 (identify permits), 7 (sessions) and 8 (closing) on the pure machine.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ShardwireError } from '../src/errors.js'
import { MachineHarness, token } from './shard-harness.js'

const saved = { sessionId: 'saved-1', sequence: 41, resumeUrl: 'wss://saved.test', shardCount: 4 }

describe('shard machine: identify permits', () => {
  test('a permit is requested before every identify, and cancelled when the connection ends first', () => {
    const h = new MachineHarness()
    h.start()
    h.open()
    h.hello()
    assert.equal(h.identifyRequests, 1)
    h.serverClose(1006)
    assert.equal(h.identifyCancels, 1)
    h.reconnectAndHello()
    assert.equal(h.identifyRequests, 2)
    h.feed({ type: 'close', code: 1000 })
    assert.equal(h.identifyCancels, 2)
  })

  test('a permit that comes too late is not used', () => {
    const h = new MachineHarness()
    h.start()
    h.open()
    h.hello()
    h.serverClose(1006)
    h.grant()
    assert.equal(h.sentOps(2).length, 0)
  })

  test('a refused permit (timeout) is reported and retried on a new connection after a backoff', () => {
    const h = new MachineHarness()
    h.start()
    h.open()
    h.hello()
    const error = new ShardwireError('IDENTIFY_TIMEOUT', 'no permit')
    h.feed({ type: 'identify-failed', error })
    assert.deepEqual(h.eventsNamed('error').map((event) => event.error), [error])
    assert.equal(h.state.kind, 'disconnected')
    h.reconnectAndHello()
    assert.equal(h.identifyRequests, 2)
  })

  test('op 9 after identify (a refused identify) waits 1 to 5 s and asks for a new permit', () => {
    const h = new MachineHarness()
    h.start()
    h.open()
    h.hello()
    h.grant()
    h.receive(9, false)
    const wait = h.timers.get('reconnect')! - h.now
    assert.ok(wait >= 1000 && wait <= 5000)
    h.reconnectAndHello()
    assert.equal(h.identifyRequests, 2)
  })
})

describe('shard machine: sessions', () => {
  test('saved on a timer (only when it moved), on each connection loss and on close; not per event', () => {
    const h = new MachineHarness({ random: () => 0, sessionSaveIntervalMs: 30_000 })
    h.toReady()
    assert.equal(h.saves.length, 1, 'once at READY')
    for (let s = 2; s <= 500; s++) h.dispatch(s)
    assert.equal(h.saves.length, 1, 'not per event')
    for (let beat = 0; beat < 1; beat++) h.ack()
    h.advance(30_000)
    assert.deepEqual(h.saves.at(-1), { sessionId: 'session-1', sequence: 500, resumeUrl: 'wss://resume.test', shardCount: 4 })
    assert.equal(h.saves.length, 2)
    h.ack()
    h.advance(29_000)
    h.ack()
    h.advance(1000)
    assert.equal(h.saves.length, 2, 'nothing moved, nothing saved')
    h.dispatch(501)
    h.serverClose(1006)
    assert.equal(h.saves.length, 3)
    assert.equal(h.saves.at(-1)!.sequence, 501)
    h.reconnectAndHello()
    h.serverClose(4000) // a failed resume: the session did not move, so nothing to write
    assert.equal(h.saves.length, 3)
    h.feed({ type: 'close', code: 4900 })
    assert.equal(h.saves.length, 4)
  })

  test('a shard started from a saved session resumes it on its resume URL', () => {
    const h = new MachineHarness()
    h.start(saved)
    assert.equal(h.connects[0]!.url, 'wss://saved.test/?v=10&encoding=json')
    h.open()
    h.hello()
    assert.equal(h.identifyRequests, 0)
    assert.deepEqual(h.sentOps(6)[0]!.payload.d, { token, session_id: 'saved-1', seq: 41 })
    h.dispatch(42)
    h.dispatch(43, 'RESUMED')
    assert.equal(h.state.kind, 'ready')
    assert.deepEqual(h.eventsNamed('resumed').map((event) => event.replayed), [1])
  })

  test('a session saved for a different shard count is discarded', () => {
    const h = new MachineHarness()
    h.start({ ...saved, shardCount: 8 })
    assert.equal(h.saves.at(-1), null)
    assert.equal(h.connects[0]!.url, 'wss://gateway.test/?v=10&encoding=json')
    h.open()
    h.hello()
    assert.equal(h.identifyRequests, 1)
    assert.match(h.eventsNamed('debug')[0]!.message, /saved for 8 shards, not 4/)
  })

  test('a malformed saved session is discarded', () => {
    const h = new MachineHarness()
    h.start({ ...saved, resumeUrl: 'not a url' })
    assert.equal(h.saves.at(-1), null)
    assert.equal(h.connects[0]!.url, 'wss://gateway.test/?v=10&encoding=json')
  })
})

describe('shard machine: closing', () => {
  test('close() ends the session for good, with code 1000', () => {
    const h = new MachineHarness()
    h.toReady()
    h.feed({ type: 'close', code: 1000 })
    assert.equal(h.state.kind, 'closed')
    assert.deepEqual(h.closes.at(-1), { connection: 1, code: 1000, at: 0 })
    assert.equal(h.saves.at(-1), null)
    assert.equal(h.timers.size, 0)
    assert.deepEqual(h.eventsNamed('close').at(-1), { name: 'close', code: 1000, reconnect: false, reason: 'closed' })
    h.advance(600_000)
    assert.equal(h.connects.length, 1)
  })

  test('closing with resume in mind keeps the session and saves it; connect() resumes it', () => {
    const h = new MachineHarness()
    h.toReady()
    h.dispatch(2)
    h.feed({ type: 'close', code: 4900 })
    assert.equal(h.closes.at(-1)!.code, 4900)
    const info = h.saves.at(-1)
    assert.deepEqual(info, { sessionId: 'session-1', sequence: 2, resumeUrl: 'wss://resume.test', shardCount: 4 })
    h.start(info!)
    h.open()
    h.hello()
    assert.deepEqual(h.sentOps(6)[0]!.payload.d, { token, session_id: 'session-1', seq: 2 })
  })

  test('reconnect() resumes at once', () => {
    const h = new MachineHarness()
    h.toReady()
    h.feed({ type: 'reconnect', mode: 'resume' })
    assert.equal(h.closes.at(-1)!.code, 4900)
    assert.equal(h.timers.get('reconnect'), h.now)
    h.reconnectAndHello()
    assert.equal(h.state.kind, 'resuming')
  })

  test('reconnect("reidentify") starts a fresh session', () => {
    const h = new MachineHarness()
    h.toReady()
    h.feed({ type: 'reconnect', mode: 'reidentify' })
    assert.equal(h.closes.at(-1)!.code, 1000)
    assert.equal(h.saves.at(-1), null)
    assert.equal(h.timers.get('reconnect'), h.now)
    h.reconnectAndHello()
    assert.equal(h.state.kind, 'awaiting-identify')
  })

  test('reconnect() while waiting out a backoff connects at once', () => {
    const h = new MachineHarness()
    h.toReady()
    h.serverClose(1006)
    h.feed({ type: 'reconnect', mode: 'resume' })
    assert.equal(h.state.kind, 'connecting')
    assert.equal(h.timers.has('reconnect'), false)
  })

  test('connect() twice is ignored; close() twice is harmless', () => {
    const h = new MachineHarness()
    h.start()
    h.start()
    assert.equal(h.connects.length, 1)
    h.feed({ type: 'close', code: 1000 })
    h.feed({ type: 'close', code: 1000 })
    assert.equal(h.eventsNamed('status').filter((event) => event.status === 'closed').length, 1)
  })
})
