// Runs real Shards against @shardwire/simulator with shrunk timings, and checks the
// simulator's records. Not a test file itself.
import assert from 'node:assert/strict'
import { startSimulator, type GatewaySimulator, type SimulatorOptions } from '@shardwire/simulator'
import type { Compression } from '@shardwire/core'
import type { Encoding } from '@shardwire/core'
import { jsonEncoding } from '@shardwire/core'
import { LocalIdentifyQueue, type IdentifyQueue } from '@shardwire/core'
import { Shard } from '@shardwire/core'
import type { ShardOptions } from '@shardwire/core'
import { createRandom } from '@shardwire/simulator'

export const simToken = 'c2hhcmR3aXJl.c2ltdWxhdG9y.dG9rZW4tdGhhdC1tdXN0LW5ldmVyLWxlYWs'

/** Timings shared by the simulator and the shards, shrunk so that recovery takes milliseconds. */
export const timing = {
  heartbeatIntervalMs: 250,
  identifyWindowMs: 100,
  // Heartbeats count toward the send limit: a 6 s window keeps 250 ms beats well inside 120.
  sendWindowMs: 6000,
} as const

export async function startSim(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  return startSimulator({
    token: simToken,
    shards: 4,
    guilds: 8,
    heartbeatIntervalMs: timing.heartbeatIntervalMs,
    // The server's own patience: Discord's 1.5 intervals (375 ms here) is less than a loaded CI
    // machine can stall a client's event loop. Shards find zombies themselves (missed ACKs);
    // the server-side rule is proved in the simulator's own tests.
    heartbeatTimeoutMs: 2000,
    identifyWindowMs: timing.identifyWindowMs,
    sendWindowMs: timing.sendWindowMs,
    sendRateMode: 'sliding',
    resumeWindowMs: 60_000,
    ...options,
  })
}

/** What a test watches on one shard: dispatches per session, resume sequences, every event. */
export class ShardWatch {
  readonly shard: Shard
  /** Sequences (and names) delivered per session, in delivery order. */
  readonly sessions = new Map<string, { s: number | null; t: string }[]>()
  /** Everything emitted, for token greps. */
  readonly emitted: unknown[] = []
  readonly errors: Error[] = []
  /** The `replayed` count of every `resumed` event, in order. */
  readonly resumed: number[] = []
  currentSession: string | null = null

  constructor(shard: Shard) {
    this.shard = shard
    shard.on('dispatch', (payload) => {
      if (payload.t === 'READY') {
        this.currentSession = payload.d.session_id
        this.sessions.set(this.currentSession, [])
      }
      this.sessions.get(this.currentSession ?? '')?.push({ s: payload.s, t: payload.t })
    })
    shard.on('error', (error) => this.errors.push(error))
    shard.on('resumed', (event) => this.resumed.push(event.replayed))
    for (const name of ['open', 'close', 'error', 'ready', 'resumed', 'dispatch', 'receive', 'send', 'heartbeat', 'status', 'debug'] as const) {
      shard.on(name, (...args: unknown[]) => void this.emitted.push(args))
    }
  }

  /** The last sequence delivered on the current session. */
  lastSequence(sessionId = this.currentSession): number | null {
    return this.sessions.get(sessionId ?? '')?.at(-1)?.s ?? null
  }
}

export interface ShardSetup {
  readonly encoding?: Encoding
  readonly compression?: Compression
  readonly shardId?: number
  readonly shardCount?: number
  readonly identifyQueue?: IdentifyQueue
  readonly seed?: number
  readonly options?: Partial<ShardOptions>
}

// One identify queue per simulator, as one per bot token in real life.
const queues = new WeakMap<GatewaySimulator, LocalIdentifyQueue>()

function queueFor(sim: GatewaySimulator): LocalIdentifyQueue {
  let queue = queues.get(sim)
  if (queue === undefined) {
    // A little over the simulator's window: the two clocks see an identify a moment apart.
    queue = new LocalIdentifyQueue({ maxConcurrency: sim.options.maxConcurrency, windowMs: timing.identifyWindowMs + 25 })
    queues.set(sim, queue)
  }
  return queue
}

/** A shard for `sim` with shrunk timings; shards of one simulator share an identify queue. */
export function createShard(sim: GatewaySimulator, setup: ShardSetup = {}): ShardWatch {
  const shard = new Shard({
    token: simToken,
    shardId: setup.shardId ?? 0,
    shardCount: setup.shardCount ?? 4,
    // GUILDS, GUILD_MEMBERS, GUILD_PRESENCES, GUILD_MESSAGES, GUILD_MESSAGE_TYPING: every event the load sends.
    intents: 1 | 2 | 256 | 512 | 2048,
    gatewayUrl: sim.gatewayUrl,
    encoding: setup.encoding ?? jsonEncoding,
    compression: setup.compression ?? 'none',
    identifyQueue: setup.identifyQueue ?? queueFor(sim),
    timeouts: { connectMs: 2000, helloMs: 2000, readyMs: 2000, resumedMs: 2000, closeMs: 300 },
    backoff: { baseMs: 20, maxMs: 400 },
    reidentifyDelay: { minMs: 20, maxMs: 60 },
    sendLimit: { limit: 120, windowMs: timing.sendWindowMs },
    sessionSaveIntervalMs: 200,
    random: createRandom(setup.seed ?? 11).next,
    ...setup.options,
  })
  return new ShardWatch(shard)
}

/** Resolves when `condition()` holds, checking after every event loop turn; fails after `limitMs`. */
export async function until(condition: () => boolean, what: string, limitMs = 8000): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** Waits until every shard is ready and has delivered everything the simulator sent on its session. */
export async function quiesce(sim: GatewaySimulator, watches: readonly ShardWatch[], limitMs = 8000): Promise<void> {
  await until(() => watches.every((watch) => {
    const record = watch.currentSession === null ? undefined : sim.records.session(watch.currentSession)
    return watch.shard.status === 'ready' && record !== undefined && record.endedAt === null &&
      watch.sessions.get(record.sessionId)!.length === record.dispatches.length
  }), 'every shard to be ready and caught up', limitMs)
}

/**
 * Checks every resume as the simulator receives it: its `seq` must be the last sequence the
 * shard delivered on that session (the simulator runs in this process, so this is exact).
 * Returns the mismatches found so far.
 */
export function watchResumeSequences(sim: GatewaySimulator, watches: readonly ShardWatch[]): string[] {
  const mismatches: string[] = []
  sim.on('resume', (record) => {
    const watch = watches.find((candidate) => record.sessionId !== null && candidate.sessions.has(record.sessionId))
    if (watch === undefined) return
    const expected = watch.lastSequence(record.sessionId)
    if (record.seq !== expected) mismatches.push(`session ${record.sessionId}: resumed with seq ${record.seq}, delivered up to ${expected}`)
  })
  return mismatches
}

/**
 * Checks what the simulator recorded. With `complete`, each shard's current session must have
 * delivered everything the simulator sent on it (call it once the shard is ready and quiet).
 */
export function checkRecords(sim: GatewaySimulator, watches: readonly ShardWatch[], options: { complete?: boolean; resumeMismatches?: string[] } = {}): void {
  const { records } = sim
  assert.deepEqual(options.resumeMismatches ?? [], [], 'every resume carried the last sequence delivered')
  assert.deepEqual(records.violations.map((v) => `${v.kind} on connection ${v.connectionId}: ${v.detail}`), [], 'zero violations')
  // Resumes: on the resume URL, accepted (or refused because the server dropped the session).
  for (const resume of records.resumes) {
    assert.equal(resume.onResumeUrl, true, `resume on connection ${resume.connectionId} used the resume URL`)
  }
  // Identify spacing per bucket.
  const byBucket = new Map<number, number[]>()
  for (const identify of records.identifies) {
    if (identify.bucket === null) continue
    byBucket.set(identify.bucket, [...(byBucket.get(identify.bucket) ?? []), identify.at])
  }
  for (const times of byBucket.values()) {
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= timing.identifyWindowMs, 'identify spacing')
  }
  // Heartbeat d: never ahead of the session, never going back within a connection.
  for (const connection of records.connections) {
    const session = connection.sessionId === null ? undefined : records.session(connection.sessionId)
    let last = -1
    for (const beat of connection.heartbeats) {
      if (beat.d === null) continue
      assert.ok(beat.d >= last, `heartbeat d went back on connection ${connection.id}`)
      if (session !== undefined) assert.ok(beat.d <= session.dispatches.length, `heartbeat d ${beat.d} is ahead of the session`)
      last = beat.d
    }
  }
  // Exactly once, in order, per session: what the shards delivered is a prefix of the record.
  for (const watch of watches) {
    for (const [sessionId, delivered] of watch.sessions) {
      const record = records.session(sessionId)
      assert.ok(record, `session ${sessionId} is recorded`)
      assert.deepEqual(delivered, record.dispatches.slice(0, delivered.length), `session ${sessionId}: exactly once, in order`)
      if (options.complete === true && sessionId === watch.currentSession) {
        assert.equal(delivered.length, record.dispatches.length, `session ${sessionId}: everything sent was delivered`)
      }
    }
  }
}
