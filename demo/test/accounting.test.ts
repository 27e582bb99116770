import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SessionRecord } from '@shardwire/simulator'
import { caughtUp, DeliveryLedger, lastSentSequence, lossReport, sentNameFrom, type SentRecords } from '../src/accounting.js'

/** Records of sessions as the simulator keeps them: every dispatch sequenced from 1. */
function records(sessions: Record<string, { shard: number; names: string[]; dropped?: number }>): SentRecords {
  const map = new Map<string, SessionRecord>()
  for (const [sessionId, { shard, names, dropped = 0 }] of Object.entries(sessions)) {
    map.set(sessionId, {
      sessionId, shard: [shard, 2], createdAt: 0, droppedDispatches: dropped, resumes: 0, endedAt: null, endReason: null,
      dispatches: names.map((t, i) => ({ s: dropped + i + 1, t })),
    })
  }
  return { sessions: map, session: (sessionId) => map.get(sessionId) }
}

function deliver(ledger: DeliveryLedger, shardId: number, sessionId: string, names: readonly string[], sequences = names.map((_, i) => i + 1)): void {
  sequences.forEach((s, i) => ledger.note(shardId, s, names[i]!, names[i] === 'READY' ? sessionId : null))
}

test('everything delivered once and in order: nothing lost', () => {
  const sent = records({ a: { shard: 0, names: ['READY', 'MESSAGE_CREATE', 'TYPING_START'] }, b: { shard: 1, names: ['READY', 'RESUMED'] } })
  const ledger = new DeliveryLedger(sentNameFrom(sent))
  deliver(ledger, 0, 'a', ['READY', 'MESSAGE_CREATE', 'TYPING_START'])
  deliver(ledger, 1, 'b', ['READY', 'RESUMED'])
  assert.deepEqual(lossReport(ledger, sent), { sent: 5, delivered: 5, lost: 0, outOfOrder: 0, mismatched: 0, sessions: 2 })
  assert.ok(caughtUp(ledger, sent, 0) && caughtUp(ledger, sent, 1))
})

test('a sequence skipped, or never delivered, is lost', () => {
  const sent = records({ a: { shard: 0, names: ['READY', 'MESSAGE_CREATE', 'TYPING_START', 'MESSAGE_CREATE'] } })
  const ledger = new DeliveryLedger(sentNameFrom(sent))
  deliver(ledger, 0, 'a', ['READY', 'TYPING_START'], [1, 3])
  assert.equal(caughtUp(ledger, sent, 0), false)
  assert.deepEqual(lossReport(ledger, sent), { sent: 4, delivered: 2, lost: 2, outOfOrder: 0, mismatched: 0, sessions: 1 })
})

test('a session never seen on the main thread loses all it was sent', () => {
  const sent = records({ a: { shard: 0, names: ['READY', 'MESSAGE_CREATE'] } })
  const ledger = new DeliveryLedger()
  assert.equal(lossReport(ledger, sent).lost, 2)
  assert.equal(caughtUp(ledger, sent, 0), false)
})

test('a repeated or late sequence counts as out of order; a wrong name as mismatched', () => {
  const sent = records({ a: { shard: 0, names: ['READY', 'MESSAGE_CREATE', 'TYPING_START'] } })
  const ledger = new DeliveryLedger(sentNameFrom(sent))
  deliver(ledger, 0, 'a', ['READY', 'MESSAGE_CREATE', 'MESSAGE_CREATE', 'PRESENCE_UPDATE'], [1, 2, 2, 3])
  const report = lossReport(ledger, sent)
  assert.equal(report.lost, 0)
  assert.equal(report.outOfOrder, 1)
  assert.equal(report.mismatched, 1)
})

test('a new READY starts a new session on that shard; older sessions keep their tallies', () => {
  const sent = records({ a: { shard: 0, names: ['READY', 'MESSAGE_CREATE', 'TYPING_START'] }, b: { shard: 0, names: ['READY'] } })
  const ledger = new DeliveryLedger(sentNameFrom(sent))
  deliver(ledger, 0, 'a', ['READY', 'MESSAGE_CREATE'])
  deliver(ledger, 0, 'b', ['READY'])
  assert.equal(ledger.currentSession(0), 'b')
  assert.ok(caughtUp(ledger, sent, 0))
  assert.equal(lossReport(ledger, sent).lost, 1, 'the old session\'s last event never came')
})

test('dispatch records dropped from the front still count as sent', () => {
  const sent = records({ a: { shard: 0, names: ['MESSAGE_CREATE', 'TYPING_START'], dropped: 10 } })
  assert.equal(lastSentSequence(sent, 'a'), 12)
  assert.equal(lastSentSequence(sent, 'missing'), 0)
  const name = sentNameFrom(sent)
  assert.equal(name('a', 11), 'MESSAGE_CREATE')
  assert.equal(name('a', 3), undefined, 'dropped: unknown, not a mismatch')
})

test('live, without records: names are not checked, deliveries are still counted', () => {
  const ledger = new DeliveryLedger()
  ledger.note(0, 1, 'READY', 'x')
  ledger.note(0, 2, 'GUILD_CREATE', null)
  ledger.note(0, null, 'ANYTHING', null)
  assert.equal(ledger.delivered, 3)
  assert.equal(ledger.lastSequence('x'), 2)
})
