import assert from 'node:assert/strict'
import { test } from 'node:test'
import { IdentifyTracker } from '../src/identify-progress.js'

test('the tracker reads identifies from status changes and readiness from ready/resumed', () => {
  const tracker = new IdentifyTracker()
  const shardIds = [0, 1, 2, 3, 4, 5]
  tracker.status(0, 'identifying', 0)
  assert.equal(tracker.progress(shardIds, 0), null, 'nothing before max_concurrency is known')
  tracker.setMaxConcurrency(2)
  tracker.status(0, 'identifying', 1_000)
  tracker.status(1, 'identifying', 1_100)
  tracker.status(2, 'awaiting-identify', 1_200)
  assert.deepEqual(tracker.progress(shardIds, 2_000), { settled: 0, total: 6, bucket: 0, nextInMs: 4_000 })
  tracker.settled(0)
  tracker.settled(1)
  tracker.status(2, 'identifying', 6_000)
  assert.deepEqual(tracker.progress(shardIds, 6_500), { settled: 2, total: 6, bucket: 1, nextInMs: 0 })
  assert.equal(tracker.allSettled(shardIds), false)
  for (const shardId of shardIds) tracker.settled(shardId)
  assert.equal(tracker.allSettled(shardIds), true)
})
