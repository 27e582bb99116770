// ManagerEmitter: a throwing listener never breaks the manager's delivery loop.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ManagerEmitter } from '../src/manager-emitter.js'

test('a listener that throws: emit() returns normally and the error is rethrown on the next tick', (t) => {
  const deferred: (() => void)[] = []
  t.mock.method(process, 'nextTick', (callback: () => void) => void deferred.push(callback))
  const emitter = new ManagerEmitter(() => {})
  const error = new Error('listener failed')
  const seen: number[] = []
  emitter.add('shardResumed', ({ shardId }) => {
    seen.push(shardId)
    throw error
  }, false)
  assert.equal(emitter.emit('shardResumed', { shardId: 1, workerId: 0, replayed: 0 }), true)
  assert.equal(emitter.emit('shardResumed', { shardId: 2, workerId: 0, replayed: 0 }), true)
  assert.deepEqual(seen, [1, 2], 'the next event is still delivered')
  assert.equal(deferred.length, 2)
  assert.throws(() => deferred[0]!(), (thrown) => thrown === error)
  assert.equal(emitter.emit('shardReady', { shardId: 1, workerId: 0, sessionId: 's' }), false, 'nobody listens')
})
