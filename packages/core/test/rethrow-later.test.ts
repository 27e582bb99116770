// rethrowLater: a listener's error leaves the caller's stack and surfaces on the next tick.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { rethrowLater } from '../src/rethrow-later.js'

test('rethrowLater returns at once and throws the same error on the next tick', (t) => {
  const deferred: (() => void)[] = []
  t.mock.method(process, 'nextTick', (callback: () => void) => void deferred.push(callback))
  const error = new Error('from a listener')
  rethrowLater(error)
  assert.equal(deferred.length, 1, 'deferred, not thrown in the caller')
  assert.throws(() => deferred[0]!(), (thrown) => thrown === error)
})
