// Shard ownership across OS processes sharing one Redis: an even split of 24 shards, failover after
// SIGKILL, the local safety rule under a real pause (SIGSTOP, a frozen event loop), and gradual
// rebalancing when a member joins.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Redis } from 'ioredis'
import type { RedisShardOwnershipOptions } from '../src/index.js'
import { forkOwnershipPeer, type OwnershipPeer, type OwnershipReport } from './ownership-peer.js'
import { deleteKeys, inspector, sharedRedisUrl, sleep, uniquePrefix } from './redis-test-harness.js'

const shardCount = 24
const leaseMs = 1000

function options(keyPrefix: string): RedisShardOwnershipOptions {
  return { url: sharedRedisUrl, keyPrefix, plan: { shardCount }, leaseMs, renewIntervalMs: 150, safetyMarginMs: 300, coldStartCooldown: false }
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) assert.fail(`timed out waiting until ${what}`)
    await sleep(20)
  }
}

async function withPeers(name: string, count: number, body: (peers: OwnershipPeer[], ctx: { prefix: string; redis: Redis; fork: () => Promise<OwnershipPeer> }) => Promise<void>): Promise<void> {
  const prefix = uniquePrefix(name)
  const redis = await inspector()
  const all: OwnershipPeer[] = []
  const fork = async (): Promise<OwnershipPeer> => {
    const peer = await forkOwnershipPeer(options(prefix))
    all.push(peer)
    return peer
  }
  try {
    const peers = await Promise.all(Array.from({ length: count }, fork))
    for (const peer of peers) peer.start()
    await body(peers, { prefix, redis, fork })
  } finally {
    await Promise.all(all.map((peer) => peer.close()))
    redis.disconnect()
    await deleteKeys(prefix)
  }
}

/** Every shard owned by exactly one of `peers` (by their reports), and the same member in Redis. */
async function assertOwnedOnce(peers: readonly OwnershipPeer[], redis: Redis, prefix: string): Promise<void> {
  for (let shardId = 0; shardId < shardCount; shardId++) {
    const owners = peers.filter((peer) => peer.owned().has(shardId))
    assert.equal(owners.length, 1, `shard ${shardId} has ${owners.length} owners`)
    assert.equal(await redis.hget(`${prefix}own:lease:${shardId}`, 'member'), owners[0]!.memberId, `shard ${shardId} in Redis`)
  }
}

const balanced = (peers: readonly OwnershipPeer[], each: number) => () => peers.every((peer) => peer.owned().size === each)

test('three processes split 24 shards: 8 each, every shard owned by exactly one', async () => {
  await withPeers('split', 3, async (peers, { prefix, redis }) => {
    await until(balanced(peers, 8), 8000, '8 each')
    await assertOwnedOnce(peers, redis, prefix)
    // Started together, they split the plan by claims alone: no hand-over was needed.
    assert.equal(peers.flatMap((peer) => peer.reports).filter((report) => report.type === 'handover').length, 0)
  })
})

test('SIGKILL one of three: its leases expire and the survivors claim its shards, 12 each', async () => {
  await withPeers('failover', 3, async (peers, { prefix, redis }) => {
    await until(balanced(peers, 8), 8000, '8 each')
    const [doomed, ...survivors] = peers as [OwnershipPeer, OwnershipPeer, OwnershipPeer]
    const orphaned = [...doomed.owned()]
    const tokens = new Map(doomed.reports.flatMap((report) => (report.type === 'claimed' ? [[report.shardId, report.token] as const] : [])))
    const killedAt = Date.now()
    await doomed.crash()
    await until(balanced(survivors, 12), 8000, '12 each')
    await assertOwnedOnce(survivors, redis, prefix)
    const claims = survivors.flatMap((peer) => peer.reports).filter((report) => report.type === 'claimed' && orphaned.includes(report.shardId)) as Extract<OwnershipReport, { type: 'claimed' }>[]
    assert.equal(claims.length, orphaned.length)
    for (const claim of claims) {
      assert.equal(claim.token, tokens.get(claim.shardId)! + 1, `shard ${claim.shardId}: the next fencing token`)
      // Only once the lease ran out (renewed about a renewal interval before the kill; half a lease leaves room for a slow step).
      assert.ok(claim.at - killedAt >= leaseMs / 2, `shard ${claim.shardId} claimed ${claim.at - killedAt} ms after the kill`)
    }
  })
})

for (const how of ['SIGSTOP', 'a frozen event loop'] as const) {
  test(`a paused member (${how}) stops its shards by the local rule, and no late renewal reaches Redis`, async () => {
    await withPeers(how === 'SIGSTOP' ? 'sigstop' : 'frozen', 2, async (peers, { prefix, redis }) => {
      await until(balanced(peers, 12), 8000, '12 each')
      const [paused, other] = peers as [OwnershipPeer, OwnershipPeer]
      const held = [...paused.owned()].sort((a, b) => a - b)
      const mark = paused.reports.length
      if (how === 'SIGSTOP') paused.pause()
      else paused.busy(leaseMs * 2.5)
      // Meanwhile its leases expire and the other member takes everything.
      await until(() => other.owned().size === shardCount, 8000, 'the other owns all 24')
      if (how === 'SIGSTOP') paused.resume()
      await until(() => paused.owned().size === 0, 4000, 'the paused member let go')
      const after = paused.reports.slice(mark).filter((report) => report.type === 'lost' || report.type === 'claimed')
      // Its first acts on waking: stop every shard by the deadline, before any renewal could be answered.
      assert.deepEqual(after.slice(0, held.length).map((report) => report.type === 'lost' && `${report.shardId}:${report.reason}`), held.map((shardId) => `${shardId}:deadline`))
      for (const shardId of held) {
        const token = Number(await redis.hget(`${prefix}own:lease:${shardId}`, 'token'))
        const old = paused.reports.findLast((report) => report.type === 'claimed' && report.shardId === shardId) as Extract<OwnershipReport, { type: 'claimed' }>
        assert.ok(token > old.token, `shard ${shardId}: the new owner's token ${token} fences the old ${old.token}`)
      }
      // Back in the cluster, it gets its share again, by hand-overs (one at a time: checked once, it is slow).
      if (how === 'SIGSTOP') {
        await until(balanced(peers, 12), 15_000, '12 each again')
        await assertOwnedOnce(peers, redis, prefix)
      }
    })
  })
}

test('a third process joins: load evens out gradually through handover, beforeRelease, release and claim', async () => {
  await withPeers('join', 2, async (peers, { prefix, redis, fork }) => {
    await until(balanced(peers, 12), 8000, '12 each')
    const newcomer = await fork()
    newcomer.start()
    const all = [...peers, newcomer]
    await until(balanced(all, 8), 15_000, '8 each')
    await assertOwnedOnce(all, redis, prefix)
    const claims = newcomer.reports.filter((report) => report.type === 'claimed') as Extract<OwnershipReport, { type: 'claimed' }>[]
    assert.equal(claims.length, 8)
    for (const giver of peers) {
      const moves = giver.reports.filter((report) => report.type === 'handover')
      assert.equal(moves.length, 4, 'each old member gave 4')
      const windows = moves.map((move) => {
        const at = (type: OwnershipReport['type']) => (giver.reports.find((report) => report.type === type && 'shardId' in report && report.shardId === move.shardId && report.at >= move.at) as { at: number }).at
        const claim = claims.find((report) => report.shardId === move.shardId)!
        assert.ok(move.at <= at('beforeRelease') && at('beforeRelease') <= at('released') && at('released') <= claim.at, `shard ${move.shardId}: handover, beforeRelease, release, then the claim`)
        return [move.at, at('released')] as const
      })
      // Gradual: one hand-over in flight per member at a time.
      for (let i = 1; i < windows.length; i++) assert.ok(windows[i]![0] >= windows[i - 1]![1], 'hand-overs do not overlap')
    }
  })
})
