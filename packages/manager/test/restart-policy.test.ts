// RestartPolicy and DeliveredSequences: the pure parts of supervision.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SessionInfo, ShardDispatch } from '@shardwire/core'
import { DeliveredSequences } from '../src/delivered-sequences.js'
import { RestartPolicy } from '../src/restart-policy.js'

test('restarts back off exponentially with jitter, up to a cap per window', () => {
  let i = 0
  const randoms = [0, 0.5, 0.999, 0]
  const policy = new RestartPolicy({ baseMs: 100, maxMs: 300, maxRestarts: 3, windowMs: 10_000 }, () => randoms[i++ % randoms.length]!)
  assert.deepEqual(policy.decide(0, 0), { restart: true, delayMs: 50, attempt: 0 })
  assert.deepEqual(policy.decide(0, 1000), { restart: true, delayMs: 150, attempt: 1 })
  assert.deepEqual(policy.decide(0, 2000), { restart: true, delayMs: 300, attempt: 2 }, 'capped at maxMs')
  assert.deepEqual(policy.decide(0, 3000), { restart: false, restarts: 3 })
  assert.deepEqual(policy.decide(1, 3000).restart, true, 'each worker has its own count')
  // Outside the window, old restarts no longer count.
  assert.deepEqual(policy.decide(0, 11_500), { restart: true, delayMs: 100, attempt: 1 })
  assert.throws(() => new RestartPolicy({ maxMs: -1 }), { code: 'INVALID_OPTION', option: 'workerRestart.maxMs' })
})

test('the resume point moves to the last sequence delivered on the same session only', () => {
  const delivered = new DeliveredSequences()
  const dispatch = (t: string, s: number, d: unknown = {}): ShardDispatch => ({ op: 0, t, s, d }) as unknown as ShardDispatch
  const saved: SessionInfo = { sessionId: 'a', sequence: 3, resumeUrl: 'ws://x', shardCount: 1 }
  assert.equal(delivered.resumePoint(0, saved), saved, 'nothing delivered yet')
  delivered.note(0, dispatch('READY', 1, { session_id: 'a' }))
  for (let s = 2; s <= 7; s++) delivered.note(0, dispatch('TYPING_START', s))
  assert.deepEqual(delivered.resumePoint(0, saved), { ...saved, sequence: 7 })
  assert.equal(delivered.resumePoint(0, { ...saved, sequence: 9 })?.sequence, 9, 'a later save wins')
  assert.equal(delivered.resumePoint(0, { ...saved, sessionId: 'b' })?.sequence, 3, 'another session is left alone')
  assert.equal(delivered.resumePoint(0, null), null)
  assert.equal(delivered.resumePoint(1, saved), saved)
})
