// A simulator, a ShardManager with shrunk timings against it, and a Prometheus text parser.
// Not a test file itself (the timings follow tests/shard/sim-harness.ts and tests/workers/manager-harness.ts).
import assert from 'node:assert/strict'
import { LocalIdentifyQueue } from '@shardwire/core'
import { ShardManager, type ShardManagerOptions } from '@shardwire/manager'
import { startSimulator, type GatewaySimulator, type SimulatorOptions } from '@shardwire/simulator'

export const simToken = 'bWV0cmljcw.c2ltdWxhdG9y.dG9rZW4tbmV2ZXItcHJpbnRlZA'

const identifyWindowMs = 100
const sendWindowMs = 6000

/** A simulator with shrunk timings: four shards in one identify bucket round by default. */
export function startSim(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  return startSimulator({
    token: simToken,
    shards: 4,
    maxConcurrency: 4,
    guilds: 8,
    heartbeatIntervalMs: 250,
    // A loaded machine can stall a client longer than 1.5 intervals; shards find zombies themselves.
    heartbeatTimeoutMs: 2000,
    identifyWindowMs,
    sendWindowMs,
    sendRateMode: 'sliding',
    resumeWindowMs: 60_000,
    ...options,
  })
}

/** A manager for `sim`, two shards per worker. */
export function createManager(sim: GatewaySimulator, options: Partial<ShardManagerOptions> = {}): ShardManager {
  return new ShardManager({
    token: simToken,
    intents: 1 | 2 | 256 | 512 | 2048,
    compression: 'zlib-stream',
    apiBase: sim.restUrl,
    shardsPerWorker: 2,
    workerRestart: { baseMs: 50, maxMs: 100 },
    // A little over the simulator's window: the grant still has to reach a busy worker's socket.
    buildIdentifyQueue: ({ maxConcurrency }) => new LocalIdentifyQueue({ maxConcurrency, windowMs: identifyWindowMs + 100 }),
    shardOptions: {
      timeouts: { connectMs: 2000, helloMs: 2000, readyMs: 2000, resumedMs: 2000, closeMs: 300 },
      backoff: { baseMs: 20, maxMs: 400 },
      reidentifyDelay: { minMs: 20, maxMs: 60 },
      sendLimit: { limit: 120, windowMs: sendWindowMs },
      sessionSaveIntervalMs: 200,
    },
    ...options,
  })
}

/** One sample of a scrape. */
export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

/** Parses the Prometheus text format (samples only; comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    assert.ok(match, `a sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The value of the sample `name` whose labels include `labels`; their sum when several match, undefined when none. */
export function sampleValue(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const matching = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0)
}

/** GETs `url`, returning the status, content type and body. */
export async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url)
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
}

/** Resolves when `condition()` resolves true, trying every 20 ms; fails after `limitMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Every dispatch the simulator sent, by name: each sequenced once, plus the ones it replayed
 * on resumes (a shard resuming from an older sequence than it had received gets them twice).
 */
export function receivedByName(sim: GatewaySimulator): Record<string, number> {
  const counts = sentByName(sim)
  for (const { sessionId, seq, replayed } of sim.records.resumes) {
    const session = sessionId === null ? undefined : sim.records.session(sessionId)
    if (session === undefined || seq === null) continue
    for (const { s, t } of session.dispatches) {
      if (s !== null && s > seq && s <= seq + replayed) counts[t] = (counts[t] ?? 0) + 1
    }
  }
  return counts
}

/** Every dispatch the simulator sequenced, by name, over every session. */
export function sentByName(sim: GatewaySimulator): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const session of sim.records.sessions.values()) {
    for (const { t } of session.dispatches) counts[t] = (counts[t] ?? 0) + 1
  }
  return counts
}
