// Behaviour 4 (stopping and reconnecting) on the pure machine, on a virtual clock.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DecodeError, DecompressionError } from '../src/errors.js'
import { backoffDelay } from '../src/shard/backoff.js'
import type { ShardState } from '../src/shard/shard-state.js'
import { ShardFatalCloseError } from '../src/shard/shard-fatal-close-error.js'
import { MachineHarness, seededRandom } from './shard-harness.js'

describe('shard machine: stopping and reconnecting', () => {
  for (const code of [4004, 4010, 4011, 4012, 4013, 4014]) {
    test(`fatal close ${code} stops the shard with a typed error and never reconnects`, () => {
      const h = new MachineHarness()
      h.toReady()
      h.serverClose(code)
      assert.ok(h.state.kind === 'fatal')
      assert.equal(h.state.code, code)
      const [error] = h.eventsNamed('error')
      assert.ok(error!.error instanceof ShardFatalCloseError)
      assert.throws(() => { throw error!.error }, { code: 'SHARD_FATAL_CLOSE', closeCode: code })
      assert.deepEqual(h.eventsNamed('close').at(-1), { name: 'close', code, reconnect: false, reason: 'socket-closed' })
      assert.equal(h.saves.at(-1), null)
      assert.equal(h.timers.size, 0, 'no timer left running')
      h.advance(3_600_000)
      assert.equal(h.connects.length, 1)
      assert.equal(h.rejected.get(h.send({ op: 3, d: {} }))?.code, 'SHARD_CLOSED', 'a stopped shard sends nothing')
    })
  }

  test('a fatal close during the handshake stops too', () => {
    const h = new MachineHarness()
    h.start()
    h.open()
    h.hello()
    h.grant()
    h.serverClose(4014)
    assert.equal(h.state.kind, 'fatal')
  })

  test('waiting sends are rejected when the shard stops on a fatal close', () => {
    const h = new MachineHarness()
    h.start()
    const ticket = h.send({ op: 3, d: {} })
    h.open()
    h.serverClose(4004)
    assert.throws(() => { throw h.rejected.get(ticket) }, { code: 'SHARD_CLOSED' })
  })

  test('everything else reconnects with capped exponential backoff and jitter', () => {
    const seed = 99
    const h = new MachineHarness({ random: seededRandom(seed), backoff: { baseMs: 1000, maxMs: 16_000 } })
    const expected = seededRandom(seed)
    h.start()
    const waits: number[] = []
    for (let attempt = 1; attempt <= 8; attempt++) {
      h.serverClose(1006) // the socket never opens
      waits.push(h.timers.get('reconnect')! - h.now)
      h.advance(waits.at(-1)!)
    }
    const reference = waits.map((_, index) => backoffDelay(index + 1, expected, { baseMs: 1000, maxMs: 16_000 }))
    assert.deepEqual(waits, reference)
    // Ceilings 2 s, 4 s, 8 s, 16 s, 16 s…: each wait lies in [ceiling / 2, ceiling].
    waits.forEach((wait, index) => {
      const ceiling = Math.min(16_000, 1000 * 2 ** (index + 1))
      assert.ok(wait >= ceiling / 2 && wait <= ceiling, `attempt ${index + 1}: ${wait}`)
    })
    assert.equal(h.connects.length, 9)
  })

  test('the attempt count resets on READY', () => {
    const h = new MachineHarness()
    h.start()
    for (let attempt = 0; attempt < 4; attempt++) {
      h.serverClose(1006)
      h.advance(h.timers.get('reconnect')! - h.now)
    }
    assert.ok(h.state.kind === 'connecting')
    assert.equal(h.state.attempt, 4)
    h.open()
    h.hello()
    h.grant()
    h.ready()
    h.serverClose(1006)
    const after = h.state as ShardState
    assert.ok(after.kind === 'disconnected')
    assert.equal(after.attempt, 0)
    assert.ok(h.timers.get('reconnect')! - h.now <= 1000)
  })

  test('every connection is a new socket: the connect effect tells the adapter to drop old buffers', () => {
    const h = new MachineHarness()
    h.toReady()
    h.receive(7)
    h.reconnectAndHello()
    assert.deepEqual(h.connects.map((entry) => entry.id), [1, 2])
    assert.deepEqual(h.closes.map((entry) => entry.connection), [1])
  })

  for (const error of [
    new DecodeError('JSON_INVALID', 'bad json', 3),
    new DecompressionError('DECOMPRESS_CORRUPT', 'bad zlib'),
  ]) {
    test(`a ${error.code} error closes with a resumable code and resumes`, () => {
      const h = new MachineHarness()
      h.toReady()
      h.dispatch(2)
      h.feed({ type: 'decode-failed', connection: h.connection, error })
      assert.equal(h.closes.at(-1)!.code, 4900)
      assert.deepEqual(h.eventsNamed('error').map((event) => event.error), [error])
      assert.equal(h.eventsNamed('close').at(-1)!.reason, 'decode-error')
      h.reconnectAndHello()
      assert.equal(h.state.kind, 'resuming')
      assert.deepEqual((h.sentOps(6)[0]!.payload.d as { seq: number }).seq, 2)
    })
  }
})
