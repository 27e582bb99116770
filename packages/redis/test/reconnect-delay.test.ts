// The Redis reconnect backoff: capped exponential with equal jitter, deterministic given `random`.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defaultRedisBackoff, reconnectDelay } from '../src/reconnect-delay.js'

test('reconnect delays double up to the cap, with jitter in [ceiling / 2, ceiling)', () => {
  const options = { baseMs: 100, maxMs: 1000 }
  assert.deepEqual([0, 1, 2, 3, 4, 50].map((attempt) => reconnectDelay(attempt, () => 0, options)), [50, 100, 200, 400, 500, 500])
  assert.deepEqual([0, 1, 2, 3, 4, 50].map((attempt) => reconnectDelay(attempt, () => 0.999, options)), [100, 200, 400, 800, 1000, 1000])
  assert.equal(reconnectDelay(0, () => 0.5, defaultRedisBackoff), 750)
})
