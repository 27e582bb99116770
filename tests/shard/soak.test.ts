// The soak: 4 shards in one process for about 60 s while the simulator streams events and
// injects seeded random faults. Every session's dispatches must arrive exactly once and in
// order, the simulator must record zero violations, and every shard must end ready.
// SHARDWIRE_SOAK_MS shortens or lengthens the run.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Fault } from '@shardwire/simulator'
import { checkRecords, createShard, quiesce, startSim, watchResumeSequences } from './sim-harness.js'

const durationMs = Number(process.env['SHARDWIRE_SOAK_MS'] ?? 60_000)

// Fatal closes are left out: they stop a shard for good, by design.
const faults: Fault[] = [
  { kind: 'drop' },
  { kind: 'close', code: 4000 },
  { kind: 'close', code: 4008 },
  { kind: 'close', code: 4009 },
  { kind: 'close', code: 1000 },
  { kind: 'close', code: 4900 },
  { kind: 'reconnect' },
  { kind: 'invalid-session', resumable: true },
  { kind: 'invalid-session', resumable: false },
  { kind: 'request-heartbeat' },
  { kind: 'zombie' },
  { kind: 'stall' },
  { kind: 'stall', ms: 50 },
  { kind: 'corrupt-frame' },
  { kind: 'malformed-payload' },
  { kind: 'slow-consumer', delayMs: 10 },
  { kind: 'restart', downtimeMs: 100 },
]

test(`soak: 4 shards, seeded random faults for ${durationMs} ms`, { timeout: durationMs + 60_000 }, async (t) => {
  const sim = await startSim({ shards: 4, guilds: 16 })
  const watches = [0, 1, 2, 3].map((shardId) => createShard(sim, { shardId, seed: 100 + shardId }))
  const mismatches = watchResumeSequences(sim, watches)
  try {
    await Promise.all(watches.map((watch) => watch.shard.connect()))
    const load = sim.load.start({ ratePerShard: 80, tickMs: 10, burst: { everyMs: 2000, size: 30 } })
    const random = sim.faults.random({ seed: 4242, faults, intervalMs: { min: 150, max: 600 }, shards: [0, 1, 2, 3] })
    await new Promise((resolve) => setTimeout(resolve, durationMs))
    random.stop()
    // Let the last fault play out under load, then stop the load and let everyone catch up.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    load.stop()
    await quiesce(sim, watches, 20_000)
    checkRecords(sim, watches, { complete: true, resumeMismatches: mismatches })
    assert.ok(random.injected >= durationMs / 1000, `${random.injected} faults injected`)
    assert.ok(sim.records.resumes.filter((resume) => resume.outcome === 'resumed').length > 0)
    const outcomes = (list: readonly { outcome: string }[]) => list.reduce<Record<string, number>>((acc, { outcome }) => ({ ...acc, [outcome]: (acc[outcome] ?? 0) + 1 }), {})
    t.diagnostic(`faults ${random.injected}, connections ${sim.records.connections.length}, resumes ${JSON.stringify(outcomes(sim.records.resumes))}, identifies ${JSON.stringify(outcomes(sim.records.identifies))}`)
    for (const watch of watches) {
      assert.equal(watch.shard.status, 'ready')
      const delivered = [...watch.sessions.values()].reduce((sum, list) => sum + list.length, 0)
      t.diagnostic(`shard ${watch.shard.id}: ${watch.sessions.size} sessions, ${delivered} dispatches delivered`)
      assert.ok(delivered > (durationMs / 1000) * 20, `shard ${watch.shard.id} delivered ${delivered} dispatches`)
    }
  } finally {
    await Promise.all(watches.map((watch) => watch.shard.close()))
    await sim.close()
  }
})
