// Cluster mode end to end: three OS processes, each `new ShardManager({ …, cluster: redisCluster(…) })`
// with the same options, share 24 shards (max_concurrency 4) through one Redis and one simulator.
// Nobody tells a process which shards to run: each claims its share through leases, identifies
// through the shared queue (whose windows restart at the identify itself, so no start line is
// needed), and saves sessions in Redis. When one process is SIGKILLed, the others claim its shards
// once its leases expire and RESUME them. Lease timings are shrunk (3 s) so a failover takes seconds.
// The second test continues on the first one's cluster: starting 24 shards is the slow part.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { GatewaySimulator } from '@shardwire/simulator'
import { startSim, until } from '../shard/sim-harness.js'
import { forkClusterProcess, type ClusterChildOptions, type ClusterProcess, type DeliveredDispatch } from './cluster-process.js'
import { deleteKeys, redisUrl, uniquePrefix } from './redis-keys.js'

const shardCount = 24
const maxConcurrency = 4
const simWindowMs = 1000
// The margin over the simulator's window covers the simulator reading its clock late under load
// (it shares a loaded event loop with the test); the hop from grant to socket is covered by
// identifySent, which restarts the window at the identify itself.
const queueWindowMs = 1300
const allShards = Array.from({ length: shardCount }, (_, i) => i)

let sim: GatewaySimulator
let prefix: string
let processes: ClusterProcess[] = []

function childOptions(): ClusterChildOptions {
  return {
    restUrl: sim.restUrl, redisUrl, keyPrefix: prefix, shardCount, shardIds: [], shardsPerWorker: 4, maxConcurrency, queueWindowMs,
    sessionFlushMs: 100, startGate: false, cluster: { leaseMs: 3000, renewIntervalMs: 500, safetyMarginMs: 1000 },
  }
}

function deliveredOn(proc: ClusterProcess, sessionId: string): { s: number | null; t: string }[] {
  return proc.delivered.filter((dispatch: DeliveredDispatch) => dispatch.sessionId === sessionId).map(({ s, t }) => ({ s, t }))
}

/** Every shard is owned by exactly one live process. */
function assertOwnedOnce(live: readonly ClusterProcess[]): void {
  const owners = live.flatMap((proc) => [...proc.owned])
  assert.equal(new Set(owners).size, owners.length, `no shard owned twice: ${live.map((proc) => [...proc.owned].sort((a, b) => a - b).join(',')).join(' | ')}`)
  assert.deepEqual(owners.sort((a, b) => a - b), allShards, 'every shard owned')
}

before(async () => {
  prefix = uniquePrefix('cluster-mode')
  sim = await startSim({
    shards: shardCount, maxConcurrency, guilds: 48, identifyWindowMs: simWindowMs, resumeWindowMs: 60_000, heartbeatIntervalMs: 1000,
    // Longer than the fencing test's pause: the paused process's connections stay open (and its
    // sessions resumable) until another process's RESUME takes them over, the case fencing is for.
    heartbeatTimeoutMs: 8000,
  })
})

after(async () => {
  await Promise.all(processes.map((proc) => proc.stop()))
  await sim.close()
  await deleteKeys(prefix)
})

test('cluster mode: 3 processes claim 24 shards among themselves, each shard in exactly one, zero identify violations', async (t) => {
  processes = await Promise.all([0, 1, 2].map(() => forkClusterProcess(childOptions())))
  // Forked first, joined together: members that see each other split the plan without hand-overs.
  for (const proc of processes) proc.go()
  await until(() => processes.reduce((sum, proc) => sum + proc.readies.length, 0) === shardCount || processes.some((proc) => proc.errors.length > 0), 'every shard ready', 40_000)
  assert.deepEqual(processes.flatMap((proc) => proc.errors), [], 'no shard errors')
  t.diagnostic(`shards per process: ${processes.map((proc) => proc.owned.size).join(', ')}`)

  const { records } = sim
  assert.deepEqual(records.violations.map((v) => `${v.kind}: ${v.detail}`), [], 'zero violations')
  assert.equal(records.identifies.length, shardCount, 'one identify per shard')
  assert.ok(records.identifies.every((identify) => identify.outcome === 'ready'))
  for (let bucket = 0; bucket < maxConcurrency; bucket++) {
    const times = records.identifies.filter((identify) => identify.bucket === bucket).map((identify) => identify.at)
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= simWindowMs, `bucket ${bucket} spacing ${times[i]! - times[i - 1]!} ms`)
  }
  const readyShards = processes.flatMap((proc) => proc.readies.map((ready) => ready.shardId)).sort((a, b) => a - b)
  assert.deepEqual(readyShards, allShards, 'each shard ready in exactly one process')
  assertOwnedOnce(processes)
  for (const proc of processes) {
    assert.deepEqual(proc.readies.map((ready) => ready.shardId).sort((a, b) => a - b), [...proc.owned].sort((a, b) => a - b), 'a process readied exactly the shards it owns')
  }
})

test('cluster mode: SIGKILL one process mid-traffic; the others claim its shards and RESUME them, exactly once and in order', async (t) => {
  assert.equal(processes.length, 3, 'runs on the cluster of the previous test')
  const identifiesBefore = sim.records.identifies.length
  const violationsBefore = sim.records.violations.length
  const load = sim.load.start({ ratePerShard: 25, seed: 8 })
  const victim = processes[1]!
  await until(() => victim.delivered.length > 200, 'traffic on the victim', 8000)
  const orphans = [...victim.owned].sort((a, b) => a - b)
  assert.ok(orphans.length > 0, 'the victim owns shards')
  const sessionsOf = new Map(victim.readies.map((ready) => [ready.shardId, ready.sessionId]))
  const killedAt = Date.now()
  await victim.crash()
  const survivors = [processes[0]!, processes[2]!]
  // Its leases expire (3 s on Redis's clock), the survivors claim the orphans and resume them.
  const resumedOrphans = (): number => survivors.reduce((sum, proc) => sum + proc.resumes.filter((resume) => orphans.includes(resume.shardId)).length, 0)
  await until(() => resumedOrphans() === orphans.length || survivors.some((proc) => proc.errors.length > 0), 'the orphans to be resumed by the survivors', 20_000)
  assert.deepEqual(survivors.flatMap((proc) => proc.errors), [], 'no shard errors')
  const claims = survivors.flatMap((proc) => proc.ownership.filter((change) => change.owned && orphans.includes(change.shardId)))
  t.diagnostic(`orphans ${orphans.join(', ')} claimed ${Math.min(...claims.map((claim) => claim.at)) - killedAt}-${Math.max(...claims.map((claim) => claim.at)) - killedAt} ms after the kill`)
  assert.equal(sim.records.identifies.length, identifiesBefore, 'the simulator saw no new IDENTIFY: every orphan resumed')
  assertOwnedOnce(survivors)

  await new Promise((resolve) => setTimeout(resolve, 300))
  load.stop()
  await load.done
  const owner = (shardId: number): ClusterProcess => survivors.find((proc) => proc.owned.has(shardId))!
  const live = survivors.flatMap((proc) => proc.readies.map((ready) => ({ proc, sessionId: ready.sessionId })))
    .concat(orphans.map((shardId) => ({ proc: owner(shardId), sessionId: sessionsOf.get(shardId)! })))
  const caughtUp = (): boolean => live.every(({ proc, sessionId }) => deliveredOn(proc, sessionId).at(-1)?.s === sim.records.session(sessionId)!.dispatches.at(-1)!.s)
  for (let attempt = 0; attempt < 100 && !caughtUp(); attempt++) {
    await Promise.all(survivors.map((proc) => proc.sync()))
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  assert.ok(caughtUp(), 'every session caught up with the simulator')

  const { records } = sim
  assert.deepEqual(records.violations.slice(violationsBefore).map((v) => `${v.kind}: ${v.detail}`), [], 'zero violations since the kill')
  for (const shardId of orphans) {
    const sessionId = sessionsOf.get(shardId)!
    const record = records.session(sessionId)!
    assert.equal(record.droppedDispatches, 0)
    const resume = records.resumes.find((candidate) => candidate.sessionId === sessionId)
    assert.ok(resume !== undefined && resume.outcome === 'resumed', `shard ${shardId}: RESUME accepted`)
    const before = deliveredOn(victim, sessionId)
    assert.deepEqual(before, record.dispatches.slice(0, before.length), `shard ${shardId}: the dead process delivered a prefix, in order`)
    const from = record.dispatches.findIndex((dispatch) => dispatch.s === resume.seq! + 1)
    assert.ok(from > 0, `shard ${shardId}: the resumed sequence is in the record`)
    assert.deepEqual(deliveredOn(owner(shardId), sessionId), record.dispatches.slice(from), `shard ${shardId}: its new owner delivered the rest, exactly once, in order`)
  }
  for (const proc of survivors) {
    for (const ready of proc.readies) {
      assert.deepEqual(deliveredOn(proc, ready.sessionId), records.session(ready.sessionId)!.dispatches, `shard ${ready.shardId}: exactly once, in order`)
    }
  }
})

test('cluster mode fencing: a process paused past its leases loses its shards to another and, once awake, never fights for them', async (t) => {
  assert.equal(processes.length, 3, 'runs on the cluster of the previous tests')
  const [sleeper, survivor] = [processes[0]!, processes[2]!]
  const taken = [...sleeper.owned].sort((a, b) => a - b)
  assert.ok(taken.length > 0, 'the sleeper owns shards')
  const sessionOf = (shardId: number): string => sleeper.readies.find((ready) => ready.shardId === shardId)?.sessionId
    ?? survivor.readies.find((ready) => ready.shardId === shardId)?.sessionId
    ?? [...new Set(sleeper.delivered.filter((dispatch) => dispatch.shardId === shardId).map((dispatch) => dispatch.sessionId))].at(-1)!
  const sessions = taken.map(sessionOf)
  const identifiesBefore = sim.records.identifies.length
  const violationsBefore = sim.records.violations.length
  // Paused with its sockets open for longer than a lease (3 s): the survivor claims and resumes its shards meanwhile.
  const sleptAt = Date.now()
  await sleeper.pause(5000)
  const lostAfterSleep = (shardId: number): boolean => sleeper.ownership.some((change) => change.shardId === shardId && !change.owned && change.at >= sleptAt)
  await until(() => taken.every(lostAfterSleep), `the sleeper to hear it lost its shards (${JSON.stringify(sleeper.ownership.filter((change) => change.at >= sleptAt))})`, 10_000)
  // Long enough for any shard of the sleeper to have reconnected and resumed (its backoff is at most 400 ms).
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const { records } = sim
  assert.deepEqual(records.violations.slice(violationsBefore).map((v) => `${v.kind}: ${v.detail}`), [], 'zero violations')
  assert.equal(records.identifies.length, identifiesBefore, 'no new IDENTIFY: sessions moved by RESUME')
  for (const shardId of taken) {
    assert.ok(lostAfterSleep(shardId), `shard ${shardId}: the sleeper stopped it as lost`)
    // Once awake, the sleeper may run the shard again only if it claims it anew (a hand-over back when the plan rebalances).
    for (const resume of sleeper.resumes.filter((candidate) => candidate.shardId === shardId && candidate.at >= sleptAt)) {
      const claimed = sleeper.ownership.some((change) => change.shardId === shardId && change.owned && change.at >= sleptAt && change.at <= resume.at)
      assert.ok(claimed, `shard ${shardId}: the sleeper resumed it at ${resume.at} without claiming it again`)
    }
  }
  // A fight shows as a session detached from a live connection: none of the connections opened
  // since the pause (the survivor's takeovers, hand-overs back) was ever closed that way.
  const fights = records.connections.filter((connection) => connection.openedAt >= sleptAt && sessions.includes(connection.sessionId ?? '') && connection.closeReason === 'Session resumed on another connection')
  assert.deepEqual(fights.map((connection) => connection.id), [], 'no connection of a moved session was taken over after the pause')
  assert.ok(taken.every((shardId) => survivor.ownership.some((change) => change.shardId === shardId && change.owned && change.at >= sleptAt)), 'the survivor claimed every shard of the sleeper')
  t.diagnostic(`shards moved from the sleeper: ${taken.join(', ')}`)
})
