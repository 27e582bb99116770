// Three OS processes share one Redis-backed identify queue: 24 shards in 4 buckets. Grants are
// checked on Redis's own clock (the time each grant was taken), so the limits are checked exactly.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { IdentifyGrantEvent, RedisIdentifyQueueOptions } from '../src/index.js'
import { forkPeer, type Peer } from './identify-peer.js'
import { deleteKeys, sharedRedisUrl, sleep, uniquePrefix } from './redis-test-harness.js'

const windowMs = 300
const maxConcurrency = 4
const shardCount = 24

function options(keyPrefix: string): RedisIdentifyQueueOptions {
  return { url: sharedRedisUrl, keyPrefix, maxConcurrency, windowMs, leaseMs: 600, pollMs: 20, coldStartCooldown: false }
}

// Every bucket granted at most once per window, on Redis's clock.
function assertNoViolation(grants: readonly IdentifyGrantEvent[]): void {
  for (let bucket = 0; bucket < maxConcurrency; bucket++) {
    const times = grants.filter((grant) => grant.bucket === bucket).map((grant) => grant.grantedAt).sort((a, b) => a - b)
    for (let i = 1; i < times.length; i++) {
      assert.ok(times[i]! - times[i - 1]! >= windowMs, `bucket ${bucket}: grants ${times[i]! - times[i - 1]!} ms apart`)
    }
  }
}

async function withPeers(count: number, body: (peers: Peer[]) => Promise<void>): Promise<void> {
  const keyPrefix = uniquePrefix('multi')
  const peers = await Promise.all(Array.from({ length: count }, () => forkPeer(options(keyPrefix))))
  try {
    await body(peers)
  } finally {
    await Promise.all(peers.map((peer) => peer.close()))
    await deleteKeys(keyPrefix)
  }
}

test('3 processes, 24 shards, 4 buckets: no bucket granted twice in a window, all at the theoretical minimum', async (t) => {
  await withPeers(3, async (peers) => {
    await Promise.all(Array.from({ length: shardCount }, (_, shardId) => peers[shardId % 3]!.queue.waitForIdentify(shardId, { timeoutMs: 20_000 })))
    const grants = peers.flatMap((peer) => peer.grants)
    assert.deepEqual(grants.map((grant) => grant.shardId).sort((a, b) => a - b), Array.from({ length: shardCount }, (_, i) => i), 'each shard granted exactly once')
    assertNoViolation(grants)
    // 6 grants per bucket: the last comes 5 windows after the first at best.
    const times = grants.map((grant) => grant.grantedAt)
    const span = Math.max(...times) - Math.min(...times)
    const minimum = (shardCount / maxConcurrency - 1) * windowMs
    t.diagnostic(`24 grants over ${span} ms on Redis's clock; the minimum is ${minimum} ms`)
    assert.ok(span >= minimum && span < minimum + windowMs, `all granted in ${span} ms; the minimum is ${minimum} ms`)
  })
})

test('a process killed while waiting never blocks the others, and no bucket is granted twice in a window', async () => {
  await withPeers(3, async (peers) => {
    const [doomed, ...survivors] = peers as [Peer, Peer, Peer]
    // The doomed process asks first in every bucket, so its dead waiters sit at the heads of the lines.
    for (let shardId = 0; shardId < maxConcurrency * 2; shardId++) void doomed.queue.waitForIdentify(shardId, { timeoutMs: 20_000 }).catch(() => {})
    await sleep(100)
    const asked = Array.from({ length: 16 }, (_, i) => maxConcurrency * 2 + i)
    const done = Promise.all(asked.map((shardId) => survivors[shardId % 2]!.queue.waitForIdentify(shardId, { timeoutMs: 20_000 })))
    await sleep(windowMs / 2)
    await doomed.crash()
    await done
    const grants = peers.flatMap((peer) => peer.grants)
    assertNoViolation(grants)
    assert.deepEqual(survivors.flatMap((peer) => peer.grants).map((grant) => grant.shardId).sort((a, b) => a - b), asked)
  })
})
