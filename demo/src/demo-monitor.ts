// Watches the manager: counts deliveries, follows start-up and supervision, reports notable
// events, and turns each `fetchStatus()` into a snapshot for the views.
import type { ManagerStatus, ShardManager } from '@shardwire/manager'
import type { DeliveryLedger } from './accounting.js'
import type { DemoEvent } from './demo-event.js'
import type { DemoSetup, DemoSnapshot, FaultRow, ShardRow, WorkerRow } from './demo-snapshot.js'
import type { FaultRunner } from './fault-runner.js'
import { IdentifyTracker } from './identify-progress.js'

type WorkerStatus = ManagerStatus['workers'][number]

/** What the monitor reports to. */
export interface DemoMonitorOptions {
  readonly setup: DemoSetup
  readonly ledger: DeliveryLedger
  /** Null when no faults are injected. */
  readonly faults: FaultRunner | null
  readonly report: (event: DemoEvent) => void
  /** Every shard became ready for the first time. */
  readonly allReady: () => void
  /** `GET /gateway/bot` answered: the setup is complete. */
  readonly configured: (setup: DemoSetup) => void
  /** Milliseconds since the run started. */
  readonly elapsed: () => number
}

/** Follows one manager for the length of the run. */
export class DemoMonitor {
  readonly #options: DemoMonitorOptions
  readonly #identify = new IdentifyTracker()
  readonly #perShard = new Map<number, number>()
  readonly #restarts = new Map<number, number>()
  readonly #started = new Set<number>()
  #setup: DemoSetup
  #shardIds: number[] = []
  #allReadyAt: number | null = null
  #quiet = false
  #previous: { readonly at: number; readonly perShard: ReadonlyMap<number, number>; readonly delivered: number; readonly cpu: ReadonlyMap<number, number> } | null = null

  constructor(options: DemoMonitorOptions) {
    this.#options = options
    this.#setup = options.setup
  }

  /** The setup, completed once `GET /gateway/bot` answered. */
  get setup(): DemoSetup {
    return this.#setup
  }

  /** When every shard was first ready, in milliseconds since the start; null before. */
  get allReadyAt(): number | null {
    return this.#allReadyAt
  }

  /** The shards run, known once `GET /gateway/bot` answered. */
  get shardIds(): readonly number[] {
    return this.#shardIds
  }

  /**
   * `GET /gateway/bot` answered: the shard count and `max_concurrency` are known. Later
   * answers (the manager asks again to refresh the session start budget) change nothing.
   */
  configure(shards: number, maxConcurrency: number): void {
    if (this.#shardIds.length > 0) return
    this.#shardIds = Array.from({ length: shards }, (_, shardId) => shardId)
    this.#setup = { ...this.#setup, shards, maxConcurrency, workers: Math.ceil(shards / this.#setup.shardsPerWorker) }
    this.#identify.setMaxConcurrency(maxConcurrency)
    this.#options.configured(this.#setup)
  }

  /** The run is ending: shards closing on purpose are not news. */
  quiet(): void {
    this.#quiet = true
  }

  /** Listens to everything the views show. Call before `connect()`. */
  attach(manager: ShardManager): void {
    const { ledger, faults, elapsed } = this.#options
    const report = (event: DemoEvent): void => {
      if (!this.#quiet) this.#options.report(event)
    }
    manager.on('dispatch', (payload, shardId) => {
      ledger.note(shardId, payload.s, payload.t, payload.t === 'READY' ? payload.d.session_id : null)
      this.#perShard.set(shardId, (this.#perShard.get(shardId) ?? 0) + 1)
    })
    manager.on('shardStatus', ({ shardId, status }) => this.#identify.status(shardId, status, performance.now()))
    manager.on('shardReady', ({ shardId, workerId }) => {
      report({ kind: 'shard-ready', atMs: elapsed(), shardId, workerId })
      this.#settled(shardId)
    })
    manager.on('shardResumed', ({ shardId, workerId, replayed }) => {
      report({ kind: 'shard-resumed', atMs: elapsed(), shardId, workerId, replayed })
      this.#settled(shardId)
    })
    manager.on('shardClose', ({ shardId, code, reconnect }) => report({ kind: 'shard-close', atMs: elapsed(), shardId, code, reconnect }))
    manager.on('workerStart', ({ workerId, shardIds, thread }) => {
      faults?.workerStarted(workerId, thread)
      report({ kind: 'worker-start', atMs: elapsed(), workerId, shardIds, restart: this.#started.has(workerId) })
      this.#started.add(workerId)
    })
    manager.on('workerExit', ({ workerId, exitCode, expected }) => {
      if (!expected) report({ kind: 'worker-exit', atMs: elapsed(), workerId, exitCode, expected })
    })
    manager.on('workerRestart', ({ workerId, delayMs, attempt }) => {
      this.#restarts.set(workerId, (this.#restarts.get(workerId) ?? 0) + 1)
      report({ kind: 'worker-restart', atMs: elapsed(), workerId, delayMs, attempt })
    })
    manager.on('error', (error, shardId) => report({ kind: 'error', atMs: elapsed(), code: error.code, message: error.message, shardId }))
  }

  /** A snapshot of the run from the manager's status, with rates over the time since the last one. */
  snapshot(status: ManagerStatus, faults: readonly FaultRow[]): DemoSnapshot {
    const at = performance.now()
    const previous = this.#previous
    const seconds = previous === null ? 0 : (at - previous.at) / 1000
    const rate = (now: number, before: number | undefined): number => (seconds > 0 && before !== undefined ? (now - before) / seconds : 0)
    const shards: ShardRow[] = [...status.shards].sort((a, b) => a.shardId - b.shardId).map((shard) => ({
      shardId: shard.shardId,
      workerId: shard.workerId,
      status: shard.status,
      latencyMs: shard.latency < 0 ? null : shard.latency,
      sequence: shard.sequence,
      eventsPerSecond: rate(this.#perShard.get(shard.shardId) ?? 0, previous?.perShard.get(shard.shardId) ?? 0),
    }))
    const cpu = new Map<number, number>()
    const workers: WorkerRow[] = status.workers.map((worker) => {
      const cpuMicros = worker.resources?.cpuMicros ?? -1
      if (cpuMicros >= 0) cpu.set(worker.workerId, cpuMicros)
      return this.#workerRow(worker, cpuShare(cpuMicros, previous?.cpu.get(worker.workerId), seconds))
    })
    const delivered = this.#options.ledger.delivered
    this.#previous = { at, perShard: new Map(this.#perShard), delivered, cpu }
    return {
      setup: this.#setup,
      elapsedMs: this.#options.elapsed(),
      identify: this.#allReadyAt === null ? this.#identify.progress(this.#shardIds, at) : null,
      allReadyAtMs: this.#allReadyAt,
      shards,
      workers,
      faults,
      delivered,
      eventsPerSecond: rate(delivered, previous?.delivered),
    }
  }

  #workerRow(worker: WorkerStatus, share: number | null): WorkerRow {
    return {
      workerId: worker.workerId,
      shardIds: worker.shardIds,
      alive: worker.alive,
      rpcLatencyMs: worker.rpcLatency,
      cpuShare: share,
      heapUsedBytes: worker.resources?.heapUsedBytes ?? null,
      received: worker.dispatches === null ? null : Object.values(worker.dispatches).reduce((sum, count) => sum + count, 0),
      forwarded: worker.delivery?.forwarded ?? null,
      restarts: this.#restarts.get(worker.workerId) ?? 0,
    }
  }

  #settled(shardId: number): void {
    this.#identify.settled(shardId)
    this.#options.faults?.shardSettled(shardId)
    if (this.#allReadyAt !== null || this.#shardIds.length === 0 || !this.#identify.allSettled(this.#shardIds)) return
    this.#allReadyAt = this.#options.elapsed()
    if (!this.#quiet) this.#options.report({ kind: 'all-ready', atMs: this.#allReadyAt, shards: this.#shardIds.length })
    this.#options.allReady()
  }
}

/** CPU time over wall time between two readings; null without two readings of the same thread. */
export function cpuShare(cpuMicros: number, previousMicros: number | undefined, seconds: number): number | null {
  // A reading lower than the last one is a restarted thread, whose clock started again.
  if (cpuMicros < 0 || previousMicros === undefined || cpuMicros < previousMicros || seconds <= 0) return null
  return (cpuMicros - previousMicros) / (seconds * 1_000_000)
}
