// Every fault @shardwire/simulator can inject, run one after another on one shard under load,
// with the simulator's records checked after each. Used by the shard-faults-*.test.ts files.
import assert from 'node:assert/strict'
import type { Fault, GatewaySimulator } from '@shardwire/simulator'
import type { Compression } from '@shardwire/core'
import type { Encoding } from '@shardwire/core'
import { checkRecords, createShard, quiesce, startSim, timing, until, watchResumeSequences, type ShardWatch } from './sim-harness.js'

/**
 * What a fault must lead to: a resume of the same session, a new session, nothing visible,
 * or `recover` (ready again, either way: a frozen socket races the shard's zombie check
 * against the simulator's heartbeat timeout, which ends the session).
 */
type Outcome = 'resume' | 'new-session' | 'stay' | 'recover'

interface Scenario {
  readonly fault: Fault
  readonly outcome: Outcome
}

/** Every fault kind, with the outcome the gateway rules demand. */
export const scenarios: readonly Scenario[] = [
  { fault: { kind: 'request-heartbeat' }, outcome: 'stay' },
  { fault: { kind: 'drop' }, outcome: 'resume' },
  { fault: { kind: 'close', code: 4000 }, outcome: 'resume' },
  { fault: { kind: 'close', code: 4008 }, outcome: 'resume' },
  { fault: { kind: 'close', code: 4900 }, outcome: 'resume' },
  { fault: { kind: 'close', code: 4009 }, outcome: 'new-session' },
  { fault: { kind: 'close', code: 1000 }, outcome: 'new-session' },
  { fault: { kind: 'reconnect' }, outcome: 'resume' },
  { fault: { kind: 'invalid-session', resumable: true }, outcome: 'resume' },
  { fault: { kind: 'invalid-session', resumable: false }, outcome: 'new-session' },
  { fault: { kind: 'zombie' }, outcome: 'resume' },
  { fault: { kind: 'stall' }, outcome: 'recover' },
  { fault: { kind: 'stall', ms: 40 }, outcome: 'stay' },
  { fault: { kind: 'corrupt-frame' }, outcome: 'resume' },
  { fault: { kind: 'malformed-payload' }, outcome: 'resume' },
  // Slowness lasts for the connection; the restart after it replaces the connection.
  { fault: { kind: 'slow-consumer', delayMs: 15 }, outcome: 'stay' },
  { fault: { kind: 'restart', downtimeMs: 150 }, outcome: 'resume' },
]

function describeFault(fault: Fault): string {
  return Object.entries(fault).map(([key, value]) => (key === 'kind' ? String(value) : `${key}=${String(value)}`)).join(' ')
}

/**
 * Runs every scenario on one shard with `encoding` and `compression` while the simulator
 * streams seeded events, checking after each: zero violations, heartbeat `d`, resumes on the
 * resume URL with the last sequence delivered, identify spacing, exactly-once in-order delivery.
 */
export async function runFaultScenarios(encoding: Encoding, compression: Compression, splitFrameBytes = 0): Promise<void> {
  const sim: GatewaySimulator = await startSim({ splitFrameBytes })
  const watch: ShardWatch = createShard(sim, { encoding, compression })
  const decodeErrors: string[] = []
  watch.shard.on('error', (error) => decodeErrors.push(error.code))
  const mismatches = watchResumeSequences(sim, [watch])
  const load = sim.load.start({ ratePerShard: 60, tickMs: 10 })
  try {
    await watch.shard.connect()
    await quiesce(sim, [watch])
    for (const { fault, outcome } of scenarios) {
      const name = describeFault(fault)
      const session = watch.currentSession
      const resumes = sim.records.resumes.length
      const connections = sim.records.connections.length
      sim.faults.inject(fault, fault.kind === 'restart' ? {} : { shard: 0 })
      if (outcome === 'resume') {
        await until(() => sim.records.resumes.slice(resumes).some((resume) => resume.outcome === 'resumed') && watch.shard.status === 'ready', `${name}: a resume`)
        assert.equal(watch.currentSession, session, `${name}: the same session`)
        // `resumed` reports as many replayed events as the simulator replayed.
        const accepted = sim.records.resumes.filter((resume) => resume.outcome === 'resumed').at(-1)!
        assert.equal(watch.resumed.at(-1), accepted.replayed, `${name}: the replayed count`)
      } else if (outcome === 'new-session') {
        await until(() => watch.currentSession !== session && watch.shard.status === 'ready', `${name}: a new session`)
      } else if (outcome === 'recover') {
        await until(() => sim.records.connections.length > connections && watch.shard.status === 'ready', `${name}: a new connection`)
      } else {
        // Long enough for a zombie check to have fired if the fault had broken the connection.
        await new Promise((resolve) => setTimeout(resolve, timing.heartbeatIntervalMs * 2))
        assert.equal(sim.records.connections.length, connections, `${name}: the connection stays`)
      }
      await quiesce(sim, [watch])
      checkRecords(sim, [watch], { complete: true, resumeMismatches: mismatches })
    }
    // Bad bytes surfaced as typed decode or decompression errors.
    assert.ok(decodeErrors.length >= 2, `decode errors reported: ${decodeErrors.join(', ')}`)
    assert.ok(decodeErrors.every((code) => /^(ETF_|JSON_|PAYLOAD_|DECOMPRESS_)/.test(code)), decodeErrors.join(', '))
    const connection = sim.records.connections.at(-1)!
    if (compression === 'zlib-stream' || compression === 'zstd-stream') assert.ok(connection.compressorBackend !== null)
  } finally {
    load.stop()
    await watch.shard.close()
    await sim.close()
  }
}
