// Runs the fault script against the simulator and the manager's worker threads, and tells
// when each fault was recovered from: every shard it interrupted resumed (or started anew).
import type { Worker } from 'node:worker_threads'
import type { FaultInjector } from '@shardwire/simulator'
import type { DemoEvent } from './demo-event.js'
import type { FaultRow, FaultState } from './demo-snapshot.js'
import { faultScript, faultShards, type DemoFault } from './fault-script.js'

interface Tracked {
  readonly fault: DemoFault
  state: FaultState
  /** Shards that must still resume, once injected. */
  readonly pending: Set<number>
}

/** What the runner needs from the run. */
export interface FaultRunnerOptions {
  /** The manager's worker plan: `plan[workerId]` is that worker's shard ids. */
  readonly plan: readonly (readonly number[])[]
  /** The simulator's fault API. */
  readonly faults: FaultInjector
  /** Milliseconds since the run started. */
  readonly elapsed: () => number
  /** Reports injections and recoveries. */
  readonly report: (event: DemoEvent) => void
}

/** Schedules the demo's faults once every shard is ready, injects them, and follows their recovery. */
export class FaultRunner {
  readonly #options: FaultRunnerOptions
  readonly #threads = new Map<number, Worker>()
  readonly #timers = new Set<NodeJS.Timeout>()
  #tracked: Tracked[]

  constructor(options: FaultRunnerOptions) {
    this.#options = options
    // Known up front, only for display: times are set by start().
    this.#tracked = faultScript(Number.POSITIVE_INFINITY, options.plan).map(({ fault }) => ({ fault, state: { kind: 'waiting' }, pending: new Set() }))
  }

  /** Every fault and where it stands. */
  rows(): FaultRow[] {
    return this.#tracked.map(({ fault, state }) => ({ fault, state }))
  }

  /** Whether an injected fault is still waiting for its shards to resume. */
  recovering(): boolean {
    return this.#tracked.some((tracked) => tracked.state.kind === 'injected')
  }

  /**
   * Schedules the faults over the `windowMs` left in the run; every shard is ready now.
   * With too little time left, no fault is injected and the rows are dropped.
   */
  start(windowMs: number): void {
    const now = this.#options.elapsed()
    const script = faultScript(windowMs, this.#options.plan)
    this.#tracked = script.map(({ atMs, fault }) => ({ fault, state: { kind: 'scheduled', atMs: now + atMs }, pending: new Set() }))
    for (const [index, { atMs }] of script.entries()) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer)
        this.#inject(this.#tracked[index]!)
      }, atMs)
      this.#timers.add(timer)
    }
  }

  /** The manager started (or restarted) a worker: the thread to kill, for the kill-worker fault. */
  workerStarted(workerId: number, thread: Worker): void {
    this.#threads.set(workerId, thread)
  }

  /** A shard became ready or resumed. */
  shardSettled(shardId: number): void {
    for (const tracked of this.#tracked) {
      if (tracked.state.kind !== 'injected' || !tracked.pending.delete(shardId) || tracked.pending.size > 0) continue
      const at = this.#options.elapsed()
      const afterMs = at - tracked.state.atMs
      tracked.state = { kind: 'recovered', atMs: tracked.state.atMs, afterMs }
      this.#options.report({ kind: 'fault-recovered', atMs: at, fault: tracked.fault, afterMs })
    }
  }

  /** Cancels the faults not injected yet. */
  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }

  #inject(tracked: Tracked): void {
    const { fault } = tracked
    const atMs = this.#options.elapsed()
    let hit: boolean
    switch (fault.kind) {
      case 'zombie':
        hit = this.#options.faults.zombie({ shard: fault.shardId }) > 0
        break
      case 'reconnect':
        hit = this.#options.faults.reconnect({ shard: fault.shardId }) > 0
        break
      case 'kill-worker': {
        const thread = this.#threads.get(fault.workerId)
        hit = thread !== undefined
        // The exit it causes is the point: the manager sees an unexpected exit and restarts it.
        void thread?.terminate()
        break
      }
    }
    if (hit) for (const shardId of faultShards(fault, this.#options.plan)) tracked.pending.add(shardId)
    tracked.state = hit ? { kind: 'injected', atMs } : { kind: 'missed', atMs }
    this.#options.report({ kind: 'fault-injected', atMs, fault, hit })
  }
}
