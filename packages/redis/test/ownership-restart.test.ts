// Redis restarted empty under a running cluster (a private redis-server): the leases it forgot are
// still running until their owners notice, so nothing is claimed again before they have stopped.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RedisShardOwnership } from '../src/index.js'
import { startRedisServer } from './redis-server-process.js'
import { sleep } from './redis-test-harness.js'

const leaseMs = 600

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) assert.fail(`timed out waiting until ${what}`)
    await sleep(20)
  }
}

test('a cold start waits one lease, and after a Redis restart no shard is claimed before its old owner stopped it', async () => {
  const server = await startRedisServer()
  // Deterministic jitter for the reconnect backoff.
  let draw = 0
  const random = (): number => [0.2, 0.6, 0.9][draw++ % 3]!
  const connect = (memberId: string): Promise<RedisShardOwnership> => RedisShardOwnership.connect({
    url: server.url, keyPrefix: 'restart:', plan: { shardCount: 4 }, memberId, leaseMs, renewIntervalMs: 100, safetyMarginMs: 200,
    connectTimeoutMs: 300, backoff: { baseMs: 20, maxMs: 100 }, random,
  })
  const members = await Promise.all([connect('a'), connect('b')])
  // Per shard, in order: who claimed or stopped it, on this process's monotonic clock.
  const history: { member: string; shardId: number; what: 'claimed' | 'stopped'; at: number }[] = []
  for (const member of members) {
    member.on('claimed', (shardId) => history.push({ member: member.memberId, shardId, what: 'claimed', at: performance.now() }))
    member.on('lost', (shardId) => history.push({ member: member.memberId, shardId, what: 'stopped', at: performance.now() }))
    member.on('error', () => {}) // failed renewals while Redis is down
  }
  try {
    const startedAt = performance.now()
    for (const member of members) member.start()
    await until(() => members.every((member) => member.owned.size === 2), 5000, 'two each')
    const firstClaim = Math.min(...history.map((entry) => entry.at)) - startedAt
    assert.ok(firstClaim >= leaseMs, `the first claim waited ${Math.round(firstClaim)} ms on an empty Redis`)

    await server.restart()
    const restartedAt = performance.now()
    const reclaimed = (shardId: number): boolean => history.some((entry) => entry.shardId === shardId && entry.what === 'claimed' && entry.at > restartedAt)
    await until(() => members.every((member) => member.owned.size === 2) && [0, 1, 2, 3].every(reclaimed), 8000, 'two each again')
    assert.equal(history.filter((entry) => entry.what === 'stopped').length, 4, 'every old owner stopped its shards')
    // Never two live owners: each claim of a shard comes after the previous owner stopped it.
    for (let shardId = 0; shardId < 4; shardId++) {
      const events = history.filter((entry) => entry.shardId === shardId)
      const live = new Set<string>()
      for (const event of events) {
        if (event.what === 'claimed') {
          assert.equal(live.size, 0, `shard ${shardId} claimed by ${event.member} while ${[...live].join()} still ran it`)
          live.add(event.member)
        } else {
          live.delete(event.member)
        }
      }
    }
  } finally {
    await Promise.all(members.map((member) => member.close()))
    await server.kill()
  }
})
