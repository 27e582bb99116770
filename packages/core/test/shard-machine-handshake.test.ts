// Behaviour 1 (handshake) on the pure machine, on a virtual clock.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PresenceUpdateStatus } from 'discord-api-types/v10'
import { MachineHarness, token } from './shard-harness.js'

describe('shard machine: handshake', () => {
  test('connects to the main URL with version, encoding and compression in the query', () => {
    const h = new MachineHarness({ compression: 'zlib-stream', encoding: 'etf' })
    h.start()
    assert.equal(h.state.kind, 'connecting')
    assert.equal(h.connects.length, 1)
    assert.equal(h.connects[0]!.url, 'wss://gateway.test/?v=10&encoding=etf&compress=zlib-stream')
  })

  test('HELLO: the first heartbeat comes after interval * jitter, then one every interval', () => {
    const h = new MachineHarness({ random: () => 0.25 })
    h.start()
    h.open()
    h.hello(40_000)
    assert.equal(h.timers.get('heartbeat'), 10_000)
    h.advance(9_999)
    assert.equal(h.sentOps(1).length, 0)
    h.advance(1)
    assert.deepEqual(h.sentOps(1).map((entry) => entry.at), [10_000])
    for (let beat = 1; beat <= 3; beat++) {
      h.ack()
      h.advance(40_000)
    }
    assert.deepEqual(h.sentOps(1).map((entry) => entry.at), [10_000, 50_000, 90_000, 130_000])
  })

  test('asks for an identify permit only after HELLO, and identifies only once granted', () => {
    const h = new MachineHarness()
    h.start()
    h.open()
    assert.equal(h.identifyRequests, 0)
    h.hello()
    assert.equal(h.identifyRequests, 1)
    assert.equal(h.state.kind, 'awaiting-identify')
    assert.equal(h.sentOps(2).length, 0)
    h.grant()
    assert.equal(h.state.kind, 'identifying')
    assert.equal(h.sentOps(2).length, 1)
  })

  test('IDENTIFY carries token, intents, properties, shard, large_threshold and presence; no compress key by default', () => {
    const presence = { since: null, activities: [{ name: 'tests', type: 0 }], status: PresenceUpdateStatus.Online, afk: false }
    const h = new MachineHarness({
      identify: { intents: 33281, properties: { os: 'plan9', browser: 'b', device: 'd' }, largeThreshold: 250, presence, compress: false },
    })
    h.start()
    h.open()
    h.hello()
    h.grant()
    const [identify] = h.sentOps(2)
    assert.deepEqual(identify!.payload, {
      op: 2,
      d: { token, intents: 33281, properties: { os: 'plan9', browser: 'b', device: 'd' }, shard: [1, 4], large_threshold: 250, presence },
    })
    assert.equal(identify!.lane, 'priority')
    // The `send` event's copy never shows the token.
    const shown = h.effects.find((effect) => effect.type === 'send' && effect.payload.op === 2)
    assert.ok(shown?.type === 'send')
    assert.equal((shown.payload.d as { token: string }).token, '[redacted]')
  })

  test('IDENTIFY says compress: true when payload compression is chosen', () => {
    const h = new MachineHarness({ compression: 'payload', identify: { intents: 1, properties: { os: 'a', browser: 'b', device: 'c' }, largeThreshold: 50, presence: null, compress: true } })
    h.start()
    assert.equal(h.connects[0]!.url, 'wss://gateway.test/?v=10&encoding=json')
    h.open()
    h.hello()
    h.grant()
    assert.equal((h.sentOps(2)[0]!.payload.d as { compress?: boolean }).compress, true)
  })

  test('READY stores session_id, resume_gateway_url and the sequence, and saves the session', () => {
    const h = new MachineHarness()
    h.toReady({ sessionId: 'abc', sequence: 1 })
    assert.equal(h.state.kind, 'ready')
    assert.ok(h.state.kind === 'ready')
    assert.deepEqual({ ...h.state.session }, { sessionId: 'abc', resumeUrl: 'wss://resume.test', sequence: 1 })
    assert.deepEqual(h.saves.at(-1), { sessionId: 'abc', sequence: 1, resumeUrl: 'wss://resume.test', shardCount: 4 })
    assert.deepEqual(h.eventsNamed('ready').map((event) => event.sessionId), ['abc'])
    assert.deepEqual(h.dispatchSequence(), [1])
    h.dispatch(2)
    h.dispatch(3)
    assert.ok(h.state.kind === 'ready')
    assert.equal(h.state.session.sequence, 3)
    assert.equal(h.timers.has('handshake'), false, 'no handshake timer once ready')
  })

  test('READY without a usable resume_gateway_url is a protocol error: reconnect and identify anew', () => {
    const h = new MachineHarness()
    h.start()
    h.open()
    h.hello()
    h.grant()
    h.receive(0, { session_id: 'x' }, 1, 'READY')
    assert.equal(h.state.kind, 'disconnected')
    assert.ok(h.state.kind === 'disconnected')
    assert.equal(h.state.reason, 'protocol-error')
    assert.equal(h.state.resume, null)
  })

  test('timeouts: connect, HELLO, READY and RESUMED each drop the connection and reconnect', () => {
    const reasons: string[] = []
    const h = new MachineHarness()
    h.start()
    h.advance(10_000) // connect timeout
    reasons.push(h.eventsNamed('close').at(-1)!.reason)
    h.advance(h.timers.get('reconnect')! - h.now)
    h.open()
    h.advance(20_000) // HELLO timeout
    reasons.push(h.eventsNamed('close').at(-1)!.reason)
    h.advance(h.timers.get('reconnect')! - h.now)
    h.open()
    h.hello(100_000)
    h.grant()
    h.advance(15_000) // READY timeout
    reasons.push(h.eventsNamed('close').at(-1)!.reason)
    h.reconnectAndHello(100_000)
    h.grant()
    h.ready()
    h.serverClose(1006)
    h.reconnectAndHello(100_000)
    assert.equal(h.state.kind, 'resuming')
    h.dispatch(2) // a replayed event restarts the RESUMED timeout
    h.advance(14_999)
    assert.equal(h.state.kind, 'resuming')
    h.advance(1) // RESUMED timeout
    reasons.push(h.eventsNamed('close').at(-1)!.reason)
    assert.deepEqual(reasons, ['connect-timeout', 'hello-timeout', 'ready-timeout', 'resumed-timeout'])
    // Each timeout closed the socket with a resumable code.
    assert.ok(h.closes.every((close) => close.code === 4900))
    assert.equal(h.state.kind, 'disconnected')
  })

  test('inputs from an old socket are ignored', () => {
    const h = new MachineHarness()
    h.start()
    h.advance(10_000)
    const old = h.connection
    h.advance(h.timers.get('reconnect')! - h.now)
    h.feed({ type: 'socket-opened', connection: old })
    assert.equal(h.state.kind, 'connecting')
    h.open()
    h.feed({ type: 'message', connection: old, payload: { op: 10, d: { heartbeat_interval: 1 }, s: null, t: null } })
    h.feed({ type: 'socket-closed', connection: old, code: 4004 })
    assert.equal(h.state.kind, 'waiting-hello')
  })

  test('unknown opcodes are ignored with a debug event', () => {
    const h = new MachineHarness()
    h.toReady()
    h.receive(42, null)
    assert.equal(h.state.kind, 'ready')
    assert.equal(h.eventsNamed('debug').at(-1)!.op, 42)
  })
})
