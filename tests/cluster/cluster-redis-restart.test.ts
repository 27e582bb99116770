// Cluster mode through a Redis restart (issue #6: "Restart Redis mid-run: no violations, and
// everything recovers"). Two OS processes share 8 shards through a private redis-server (never the
// shared one on 6379), which is SIGKILLed mid-traffic and started again EMPTY (no persistence), as
// a Redis that crashed. What must hold: no IDENTIFY while Redis is down (identifies need a permit
// from it), zero violations at the simulator, no shard ever claimed while another process still ran
// it, every shard back in exactly one process, every dispatch delivered exactly once across the
// outage, and the outage reported on each manager's `debug` event (the membership's notices).
//
// Leases are 4 s, renewed every 0.5 s, with a 1 s safety margin: a member stops a shard 3 s after
// its last renewal that got through (its local deadline). Two outages, on the same cluster:
// - short (1 s, well inside the local deadline): the shards keep running while Redis is away. But
//   the restarted Redis has forgotten the leases and their fencing counters, so the first renewal
//   finds them gone and each member stops its shards ('fenced') rather than run on a lease Redis
//   can no longer fence. So even a short outage moves every shard, losing nothing: see below;
// - long (5 s, past the whole lease): each member stops its shards at their local deadline
//   ('deadline') while Redis is still down, so nothing runs on a lease it could not renew.
// Either way the shards come back through the cold-start cooldown (on here, as in production):
// Redis found without ownership state means that leases it forgot may still run somewhere, so
// nothing is claimed for one lease. Sessions are not lost: a shard stopped with 4000 saves its
// session, and the session store keeps the saves Redis refused pending until it is back, so the
// new owners RESUME every shard and no IDENTIFY is sent at all. (With the cooldown off, the
// first member back claims shards the other still runs: the overlap check fails.)
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { GatewaySimulator } from '@shardwire/simulator'
import { startRedisServer, type RedisServerProcess } from '../../packages/redis/test/redis-server-process.js'
import { startSim, until } from '../shard/sim-harness.js'
import { forkClusterProcess, type ClusterChildOptions, type ClusterProcess } from './cluster-process.js'
import { uniquePrefix } from './redis-keys.js'

const shardCount = 8
const maxConcurrency = 2
const simWindowMs = 1000
// Over the simulator's window for its late clock reads under load (see cluster-mode.test.ts).
const queueWindowMs = 1300
const lease = { leaseMs: 4000, renewIntervalMs: 500, safetyMarginMs: 1000 } as const
const allShards = Array.from({ length: shardCount }, (_, i) => i)

let redis: RedisServerProcess
let sim: GatewaySimulator
let processes: ClusterProcess[] = []

function childOptions(): ClusterChildOptions {
  return {
    restUrl: sim.restUrl, redisUrl: redis.url, keyPrefix: uniquePrefix('cluster-redis-restart'), shardCount, shardIds: [], shardsPerWorker: 4,
    maxConcurrency, queueWindowMs, sessionFlushMs: 100, startGate: false, cluster: { ...lease, coldStartCooldown: true },
    // The default backoff (1 s doubling to 30 s) would leave Redis unused for seconds after it is back.
    redisBackoff: { baseMs: 50, maxMs: 250 },
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const sorted = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b)

/** Every shard owned by exactly one process. */
function ownedOnce(): boolean {
  const owners = processes.flatMap((proc) => [...proc.owned])
  return new Set(owners).size === owners.length && owners.length === shardCount
}

// Failed Redis commands (renewals, identify polls, session flushes) are reported on the manager's
// `error` with no shard while Redis is down, and retried: those are the expected errors.
function unexpectedErrors(): string[] {
  return processes.flatMap((proc) => proc.errors).filter((error) => !error.startsWith('shard null: REDIS_COMMAND_FAILED '))
}

before(async () => {
  redis = await startRedisServer()
  sim = await startSim({
    shards: shardCount, maxConcurrency, guilds: 16, identifyWindowMs: simWindowMs, resumeWindowMs: 60_000, heartbeatIntervalMs: 1000,
    // Generous: the shards keep heartbeating through the outage; only their owners stop them.
    heartbeatTimeoutMs: 8000,
  })
})

after(async () => {
  await Promise.all(processes.map((proc) => proc.stop()))
  await sim.close()
  await redis.kill()
})

test('cluster on a private Redis: 2 processes ready 8 shards, zero violations', async (t) => {
  const options = childOptions()
  processes = await Promise.all([0, 1].map(() => forkClusterProcess(options)))
  for (const proc of processes) proc.go()
  await until(() => processes.reduce((sum, proc) => sum + proc.readies.length, 0) === shardCount || unexpectedErrors().length > 0, 'every shard ready', 30_000)
  assert.deepEqual(unexpectedErrors(), [], 'no shard errors')
  await until(ownedOnce, 'every shard owned once', 5000)
  assert.deepEqual(sim.records.violations.map((v) => `${v.kind}: ${v.detail}`), [], 'zero violations')
  assert.equal(sim.records.identifies.length, shardCount, 'one identify per shard')
  t.diagnostic(`shards per process: ${processes.map((proc) => sorted(proc.owned).join(',')).join(' | ')}`)
})

/**
 * Claims of a shard by one process while another still owned it, from every ownership change since
 * `from` (each stamped in its own process, on the one clock of this machine). On a tie the stop
 * counts first: a claim in the same millisecond as the previous owner's stop is no overlap.
 */
function doubleClaims(from: number): string[] {
  const changes = processes.flatMap((proc, index) => proc.ownership.filter((change) => change.at >= from).map((change) => ({ ...change, index })))
    .sort((a, b) => a.at - b.at || Number(a.owned) - Number(b.owned))
  const live = new Map(allShards.map((shardId) => [shardId, new Set(processes.flatMap((proc, index) => proc.ownership.findLast((change) => change.shardId === shardId && change.at < from)?.owned === true ? [index] : []))]))
  const overlaps: string[] = []
  for (const change of changes) {
    const owners = live.get(change.shardId)!
    if (!change.owned) {
      owners.delete(change.index)
      continue
    }
    if ([...owners].some((index) => index !== change.index)) overlaps.push(`shard ${change.shardId} claimed by process ${change.index} at +${change.at - from} ms while process ${[...owners].join()} ran it`)
    owners.add(change.index)
  }
  return overlaps
}

/**
 * Nothing lost, nothing twice: per session (one per shard, all started in the first test), the
 * sequences the processes delivered, together, are exactly those the simulator sent, and each
 * process delivered its part in order. Waits for the deliveries in flight first.
 */
async function assertDeliveredOnce(): Promise<void> {
  const sessionIds = processes.flatMap((proc) => proc.readies.map((ready) => ready.sessionId))
  assert.equal(sessionIds.length, shardCount, 'one session per shard, from the first test')
  const deliveredOn = (sessionId: string): (number | null)[] => processes.flatMap((proc) => proc.delivered.filter((dispatch) => dispatch.sessionId === sessionId).map((dispatch) => dispatch.s))
  const sent = (sessionId: string): (number | null)[] => sim.records.session(sessionId)!.dispatches.map((dispatch) => dispatch.s)
  const caughtUp = (): boolean => sessionIds.every((sessionId) => deliveredOn(sessionId).length >= sent(sessionId).length)
  for (let attempt = 0; attempt < 100 && !caughtUp(); attempt++) {
    await Promise.all(processes.map((proc) => proc.sync()))
    await sleep(50)
  }
  for (const sessionId of sessionIds) {
    assert.equal(sim.records.session(sessionId)!.droppedDispatches, 0)
    for (const proc of processes) {
      const own = proc.delivered.filter((dispatch) => dispatch.sessionId === sessionId).map((dispatch) => dispatch.s ?? 0)
      assert.ok(own.every((s, i) => i === 0 || s > own[i - 1]!), `session ${sessionId}: in order within a process`)
    }
    assert.deepEqual(deliveredOn(sessionId).sort((a, b) => (a ?? 0) - (b ?? 0)), sent(sessionId), `session ${sessionId}: every dispatch sent delivered exactly once`)
  }
}

/** Kills Redis for `downMs` under load, restarts it empty, and checks the cluster recovers. */
async function outage(t: { diagnostic(message: string): void }, downMs: number, lossReason: 'fenced' | 'deadline'): Promise<void> {
  assert.equal(processes.length, 2, 'runs on the cluster of the first test')
  assert.ok(ownedOnce(), 'starts with every shard owned once')
  const { records } = sim
  const identifiesBefore = records.identifies.length
  const violationsBefore = records.violations.length
  const owners = new Map(processes.flatMap((proc) => [...proc.owned].map((shardId) => [shardId, proc] as const)))
  const load = sim.load.start({ ratePerShard: 20, seed: 6 })
  try {
    await sleep(500)
    const killedAt = Date.now()
    await redis.kill()
    await sleep(downMs)
    const identifiesWhileDown = records.identifies.filter((identify) => identify.at >= killedAt)
    await redis.restart()
    const restartedAt = Date.now()
    // Back: every shard owned once, and ready or resumed by its owner since that owner's latest claim.
    const recovered = (): boolean => ownedOnce() && processes.every((proc) => [...proc.owned].every((shardId) => {
      const claim = proc.ownership.findLast((change) => change.shardId === shardId && change.owned)
      return claim !== undefined && claim.at >= killedAt && [...proc.resumes, ...proc.readies].some((event) => event.shardId === shardId && event.at >= claim.at)
    }))
    await until(() => recovered() || unexpectedErrors().length > 0, 'every shard back in exactly one process', 25_000)
    const backAt = Date.now()
    assert.deepEqual(unexpectedErrors(), [], 'no errors but failed Redis commands')
    assert.deepEqual(identifiesWhileDown.map((identify) => identify.shard), [], 'no IDENTIFY reached the simulator while Redis was down')
    assert.deepEqual(records.violations.slice(violationsBefore).map((v) => `${v.kind}: ${v.detail}`), [], 'zero violations')
    // Sessions survived in the store (pending saves flushed once Redis was back): every shard resumed.
    assert.deepEqual(records.identifies.slice(identifiesBefore).map((identify) => identify.shard), [], 'no new IDENTIFY: every shard resumed')
    for (const proc of processes) {
      const notices = proc.debugs.filter((debug) => debug.at >= killedAt).map((debug) => debug.message)
      assert.ok(notices.some((message) => message.startsWith('cluster: Redis connection lost')), `reported the loss: ${JSON.stringify(notices)}`)
      assert.ok(notices.some((message) => message.startsWith('cluster: Redis connection is back')), `reported the return: ${JSON.stringify(notices)}`)
    }
    // Every shard was stopped by its owner for the expected reason.
    for (const [shardId, owner] of owners) {
      const stop = owner.debugs.find((debug) => debug.at >= killedAt && debug.message.startsWith(`lost the lease of shard ${shardId} (`))
      assert.ok(stop !== undefined && stop.message.includes(`(${lossReason})`), `shard ${shardId}: stopped as ${lossReason}: ${stop?.message ?? 'never'}`)
      if (lossReason === 'deadline') assert.ok(stop.at < restartedAt, `shard ${shardId}: stopped at its local deadline, while Redis was down`)
    }
    assert.deepEqual(doubleClaims(killedAt), [], 'no shard claimed while another process still ran it')
    const resumes = records.resumes.filter((resume) => resume.at >= killedAt)
    assert.ok(resumes.length >= shardCount && resumes.every((resume) => resume.outcome === 'resumed'), `every RESUME accepted: ${resumes.map((resume) => resume.outcome).join()}`)
    load.stop()
    await load.done
    await assertDeliveredOnce()
    t.diagnostic(`Redis down ${downMs} ms; every shard back ${backAt - restartedAt} ms after the restart; shards per process: ${processes.map((proc) => sorted(proc.owned).join(',')).join(' | ')}`)
  } finally {
    load.stop()
    await load.done
  }
}

test('Redis restarted empty after a 1 s outage: shards fenced on its return, resumed after the cooldown, no IDENTIFY, zero violations', async (t) => {
  await outage(t, 1000, 'fenced')
})

test('Redis restarted empty after a 5 s outage (past the leases): shards stopped at their local deadlines, resumed after the cooldown, zero violations', async (t) => {
  await outage(t, 5000, 'deadline')
})
