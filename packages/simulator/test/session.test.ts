// Sessions and the session store, without sockets.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createRandom } from '../src/index.js'
import type { SessionRecord } from '../src/index.js'
import { Session, type DispatchEntry, type SessionSink } from '../src/sessions/session.js'
import { SessionStore } from '../src/sessions/session-store.js'

function sink(connectionId: number): SessionSink & { got: DispatchEntry[] } {
  const got: DispatchEntry[] = []
  return { connectionId, got, deliver: (entry) => void got.push(entry) }
}

function init(id: string, replayLimit = 100, intents = 0xffff, dispatchRecordLimit?: number) {
  const record: SessionRecord = {
    sessionId: id,
    shard: [0, 1],
    createdAt: 0,
    dispatches: [],
    droppedDispatches: 0,
    resumes: 0,
    endedAt: null,
    endReason: null,
  }
  return { id, shard: [0, 1] as const, intents, largeThreshold: 50, createdAt: 0, replayLimit, record, dispatchRecordLimit }
}

describe('session', () => {
  test('sequences start at 1 and every dispatch is logged, recorded and delivered while attached', () => {
    const first = sink(1)
    const session = new Session(init('a'), first)
    session.dispatch('READY', {})
    session.dispatch('MESSAGE_CREATE', { n: 1 })
    assert.deepEqual(first.got.map((e) => e.s), [1, 2])
    session.detach(1, 10)
    session.dispatch('MESSAGE_CREATE', { n: 2 })
    assert.equal(first.got.length, 2, 'nothing is delivered while detached')
    assert.deepEqual(session.record.dispatches, [
      { s: 1, t: 'READY' },
      { s: 2, t: 'MESSAGE_CREATE' },
      { s: 3, t: 'MESSAGE_CREATE' },
    ])
    assert.deepEqual(session.replayAfter(1)?.map((e) => e.s), [2, 3])
    assert.deepEqual(session.replayAfter(3), [])
    assert.equal(session.replayAfter(4), null)
  })

  test('only the owning connection can detach; a resumed session delivers to its new sink', () => {
    const first = sink(1)
    const second = sink(2)
    const session = new Session(init('a'), first)
    session.attach(second)
    session.detach(1, 5)
    assert.equal(session.state.kind, 'attached')
    session.dispatch('TYPING_START', {})
    assert.equal(second.got.length, 1)
    assert.equal(first.got.length, 0)
  })

  test('the replay log keeps the last replayLimit dispatches; older resumes are invalid', () => {
    const session = new Session(init('a', 3), sink(1))
    for (let i = 0; i < 3000; i++) session.dispatch('MESSAGE_CREATE', { i })
    assert.deepEqual(session.replayAfter(2997)?.map((e) => e.s), [2998, 2999, 3000])
    assert.equal(session.replayAfter(2996), null)
  })

  test('dispatch records are bounded by dispatchRecordLimit: the oldest quarter goes, and is counted', () => {
    const session = new Session(init('a', 10, 0xffff, 8), sink(1))
    for (let i = 0; i < 8; i++) session.dispatch('MESSAGE_CREATE', { i })
    assert.equal(session.record.dispatches.length, 8)
    assert.equal(session.record.droppedDispatches, 0)
    session.dispatch('MESSAGE_CREATE', {})
    // 9 records pass the limit of 8: the oldest 3 go, leaving 6 (3/4 of the limit).
    assert.deepEqual(session.record.dispatches.map((d) => d.s), [4, 5, 6, 7, 8, 9])
    assert.equal(session.record.droppedDispatches, 3)
    for (let i = 0; i < 1000; i++) session.dispatch('MESSAGE_CREATE', {})
    const { dispatches, droppedDispatches } = session.record
    assert.ok(dispatches.length <= 8 && dispatches.length >= 6, `${dispatches.length} records kept`)
    assert.equal(dispatches[0]!.s, droppedDispatches + 1, 'the kept records are contiguous with what was dropped')
    assert.equal(dispatches.at(-1)!.s, 1009)
    // Without a limit, every record stays.
    const unbounded = new Session(init('b'), sink(2))
    for (let i = 0; i < 1000; i++) unbounded.dispatch('MESSAGE_CREATE', {})
    assert.equal(unbounded.record.dispatches.length, 1000)
  })

  test('intents filter dispatches; ended sessions take none', () => {
    const session = new Session(init('a', 10, 1), sink(1))
    assert.equal(session.dispatch('MESSAGE_CREATE', {}), null)
    assert.equal(session.dispatch('GUILD_CREATE', {})?.s, 1)
    assert.equal(session.dispatch('READY', {})?.s, 2)
    session.end(9, 'bye')
    assert.equal(session.dispatch('READY', {}), null)
    assert.deepEqual([session.record.endedAt, session.record.endReason], [9, 'bye'])
    assert.equal(session.replayAfter(0), null)
  })

  test('store: seeded ids, resume lookups, and expiry after the resume window', () => {
    const ids = (seed: number) => {
      const store = new SessionStore(100, createRandom(seed))
      return [store.nextId(), store.nextId()]
    }
    assert.deepEqual(ids(5), ids(5))
    assert.match(ids(5)[0]!, /^[0-9a-f]{32}$/)
    const store = new SessionStore(100, createRandom(1))
    const session = store.create(init(store.nextId()), sink(1))
    assert.equal(store.lookup(session.id, 0).kind, 'found')
    session.detach(1, 1000)
    assert.equal(store.lookup(session.id, 1100).kind, 'found')
    assert.deepEqual(store.live(1100), [session])
    assert.equal(store.lookup(session.id, 1101).kind, 'stale')
    assert.equal(session.state.kind, 'ended')
    assert.deepEqual(store.live(1101), [])
    assert.equal(store.lookup('missing', 0).kind, 'stale')
  })
})
