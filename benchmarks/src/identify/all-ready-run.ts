// One time-to-all-ready run: N bot processes share one simulator and one Redis identify queue.
import { startSimulator } from '@shardwire/simulator'
import { forkTs, nextMessage, reap } from '../e2e/run-child.js'
import type { IdentifyProcessCommand, IdentifyProcessOptions, IdentifyProcessReport } from './identify-protocol.js'

/** The shape of one run. */
export interface AllReadySetup {
  readonly processes: number
  readonly shardCount: number
  readonly maxConcurrency: number
  readonly shardsPerWorker: number
  /** The simulator's window: Discord's limit. */
  readonly simWindowMs: number
  /** The queue's window: the limit plus the margin for the hop from grant to socket. */
  readonly queueWindowMs: number
  readonly redisUrl: string
  readonly keyPrefix: string
}

/** What one run measured. Times in ms. */
export interface AllReadyRow {
  readonly processes: number
  readonly shards: number
  /** `(rounds - 1) × simWindowMs`: the least Discord allows from the first identify to the last. */
  readonly minimumMs: number
  /** `(rounds - 1) × queueWindowMs`: the least the queue's window allows. */
  readonly queueMinimumMs: number
  /** From the first identify the simulator saw to the last READY any process received. */
  readonly allReadyMs: number
  /** From `connect()` in every process to the last READY: adds worker start-up and HELLO. */
  readonly fromStartMs: number
  readonly ratio: number
  readonly identifies: number
  readonly violations: number
  /**
   * From a Redis grant to the simulator receiving that identify (the thread hops in between), p50
   * and max over the run's first identify per shard. Over the margin (queue window minus
   * simulator window), a bucket's next identify can come too early.
   */
  readonly grantToIdentifyP50Ms: number
  readonly grantToIdentifyMaxMs: number
}

const token = 'c2hhcmR3aXJl.YmVuY2htYXJr.aWRlbnRpZnktYmVuY2g'

/** Runs one setup to the end (every shard READY) and tears it down. */
export async function runAllReady(setup: AllReadySetup): Promise<AllReadyRow> {
  const sim = await startSimulator({ token, shards: setup.shardCount, maxConcurrency: setup.maxConcurrency, guilds: setup.shardCount, identifyWindowMs: setup.simWindowMs })
  const perProcess = setup.shardCount / setup.processes
  const children = Array.from({ length: setup.processes }, (_, index) => {
    const options: IdentifyProcessOptions = {
      token, restUrl: sim.restUrl, redisUrl: setup.redisUrl, keyPrefix: setup.keyPrefix, shardCount: setup.shardCount,
      shardIds: Array.from({ length: perProcess }, (_, i) => index * perProcess + i),
      shardsPerWorker: setup.shardsPerWorker, maxConcurrency: setup.maxConcurrency, queueWindowMs: setup.queueWindowMs,
    }
    return forkTs('../identify/identify-process.ts', [JSON.stringify(options)])
  })
  try {
    const readyAt: number[] = []
    const grantedAt = new Map<number, number>()
    const errors: string[] = []
    for (const child of children) {
      child.on('message', (report: IdentifyProcessReport) => {
        if (report.type === 'ready') readyAt.push(report.at)
        else if (report.type === 'granted' && !grantedAt.has(report.shardId)) grantedAt.set(report.shardId, report.at)
        else if (report.type === 'error') errors.push(report.message)
      })
    }
    await Promise.all(children.map((child) => nextMessage<IdentifyProcessReport>(child, (m) => m.type === 'waiting', 60_000, 'a bot process to connect')))
    const startedAt = Date.now()
    const connected = children.map((child) => nextMessage<IdentifyProcessReport>(child, (m) => m.type === 'connected', 180_000, 'every shard to be ready'))
    for (const child of children) child.send({ type: 'go' } satisfies IdentifyProcessCommand)
    await Promise.all(connected)
    if (errors.length > 0) console.error(`${setup.processes} process(es): ${errors.join('; ')}`)
    const { identifies, violations } = sim.records
    const firstIdentify = Math.min(...identifies.map((identify) => identify.at))
    const lastReady = Math.max(...readyAt)
    const firstIdentifyOf = new Map<number, number>()
    for (const identify of identifies) if (identify.shard !== null && !firstIdentifyOf.has(identify.shard[0])) firstIdentifyOf.set(identify.shard[0], identify.at)
    const hops = [...firstIdentifyOf].filter(([shardId]) => grantedAt.has(shardId)).map(([shardId, at]) => at - grantedAt.get(shardId)!).sort((a, b) => a - b)
    const rounds = Math.ceil(setup.shardCount / setup.maxConcurrency)
    const minimumMs = (rounds - 1) * setup.simWindowMs
    return {
      processes: setup.processes,
      shards: setup.shardCount,
      minimumMs,
      queueMinimumMs: (rounds - 1) * setup.queueWindowMs,
      allReadyMs: lastReady - firstIdentify,
      fromStartMs: lastReady - startedAt,
      ratio: Math.round(((lastReady - firstIdentify) / minimumMs) * 1000) / 1000,
      identifies: identifies.length,
      violations: violations.length,
      grantToIdentifyP50Ms: hops[Math.floor(hops.length / 2)] ?? Number.NaN,
      grantToIdentifyMaxMs: hops.at(-1) ?? Number.NaN,
    }
  } finally {
    for (const child of children) if (child.connected) child.send({ type: 'stop' } satisfies IdentifyProcessCommand)
    await Promise.all(children.map((child) => reap(child, 10_000)))
    await sim.close()
  }
}
