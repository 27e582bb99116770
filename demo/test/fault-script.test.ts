import assert from 'node:assert/strict'
import { test } from 'node:test'
import { describeFault, faultScript, faultShards, minFaultWindowMs } from '../src/fault-script.js'

const fourWorkers = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]

test('the schedule: zombie, then op 7, then a killed worker, all before half the window', () => {
  assert.deepEqual(faultScript(40_000, fourWorkers), [
    { atMs: 4000, fault: { kind: 'zombie', shardId: 0 } },
    { atMs: 10_000, fault: { kind: 'reconnect', shardId: 1 } },
    { atMs: 16_000, fault: { kind: 'kill-worker', workerId: 3 } },
  ])
})

test('the schedule scales with the time left, so a short run still injects every fault', () => {
  const short = faultScript(minFaultWindowMs, fourWorkers)
  assert.equal(short.length, 3)
  assert.deepEqual(short.map(({ atMs }) => atMs), [800, 2000, 3200])
  for (const windowMs of [minFaultWindowMs, 19_000, 44_000, 3_600_000]) {
    const script = faultScript(windowMs, fourWorkers)
    assert.ok(script.every(({ atMs }, i) => i === 0 || atMs > script[i - 1]!.atMs), 'in order')
    assert.ok(script.at(-1)!.atMs <= windowMs / 2, 'half the window is left to recover')
  }
})

test('no faults without room to recover, or without shards', () => {
  assert.deepEqual(faultScript(minFaultWindowMs - 1, fourWorkers), [])
  assert.deepEqual(faultScript(-5, fourWorkers), [])
  assert.deepEqual(faultScript(Number.NaN, fourWorkers), [])
  assert.deepEqual(faultScript(40_000, []), [])
})

test('one worker with one shard: every fault still has a target', () => {
  assert.deepEqual(faultScript(10_000, [[0]]).map(({ fault }) => fault), [
    { kind: 'zombie', shardId: 0 },
    { kind: 'reconnect', shardId: 0 },
    { kind: 'kill-worker', workerId: 0 },
  ])
})

test('the shards each fault interrupts, and how each is described', () => {
  assert.deepEqual(faultShards({ kind: 'zombie', shardId: 2 }, fourWorkers), [2])
  assert.deepEqual(faultShards({ kind: 'reconnect', shardId: 5 }, fourWorkers), [5])
  assert.deepEqual(faultShards({ kind: 'kill-worker', workerId: 1 }, fourWorkers), [4, 5, 6, 7])
  assert.deepEqual(faultShards({ kind: 'kill-worker', workerId: 9 }, fourWorkers), [])
  assert.match(describeFault({ kind: 'zombie', shardId: 2 }), /zombie connection on shard 2/)
  assert.match(describeFault({ kind: 'reconnect', shardId: 5 }), /op 7 Reconnect on shard 5/)
  assert.match(describeFault({ kind: 'kill-worker', workerId: 1 }), /worker 1 killed/)
})
