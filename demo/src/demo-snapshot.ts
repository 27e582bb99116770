// What the views draw: plain data, so that every renderer is a pure function of it.
import type { Compression, EncodingName } from '@shardwire/core'
import type { LossReport } from './accounting.js'
import type { DemoFault } from './fault-script.js'
import type { IdentifyProgress } from './identify-progress.js'

/** How the run is set up. */
export interface DemoSetup {
  readonly target: 'simulator' | 'live'
  readonly shards: number
  readonly shardsPerWorker: number
  readonly workers: number
  readonly maxConcurrency: number
  readonly encoding: EncodingName
  readonly compression: Compression
  readonly durationMs: number
  /** The simulator's heartbeat interval, shortened from Discord's; null live. */
  readonly heartbeatIntervalMs: number | null
}

/** One row of the shard table. */
export interface ShardRow {
  readonly shardId: number
  readonly workerId: number
  readonly status: string
  /** The last heartbeat round trip; null before the first. */
  readonly latencyMs: number | null
  readonly sequence: number | null
  /** Dispatches of this shard delivered to the main thread per second, over the last interval. */
  readonly eventsPerSecond: number
}

/** One worker line. */
export interface WorkerRow {
  readonly workerId: number
  readonly shardIds: readonly number[]
  readonly alive: boolean
  /** A call to the worker and back; null when it is down. */
  readonly rpcLatencyMs: number | null
  /** The worker thread's CPU time over wall time in the last interval (1 = one core); null when unknown. */
  readonly cpuShare: number | null
  /** V8 heap in use in the worker; null when unknown. */
  readonly heapUsedBytes: number | null
  /** Dispatches the worker's shards received since it (re)started, forwarded or not; null when down. */
  readonly received: number | null
  /** Dispatches the worker sent to the main thread since it (re)started; null when down. */
  readonly forwarded: number | null
  readonly restarts: number
}

/** Where a fault is in its life. */
export type FaultState =
  /** Its time is not set yet: it is set once every shard is ready. */
  | { readonly kind: 'waiting' }
  | { readonly kind: 'scheduled'; readonly atMs: number }
  /** Injected; its shards have not all resumed yet. */
  | { readonly kind: 'injected'; readonly atMs: number }
  | { readonly kind: 'recovered'; readonly atMs: number; readonly afterMs: number }
  /** It hit nothing (its shard was not connected at that moment). */
  | { readonly kind: 'missed'; readonly atMs: number }

/** A fault and its state; times are milliseconds since the run started. */
export interface FaultRow {
  readonly fault: DemoFault
  readonly state: FaultState
}

/** Everything one frame shows. */
export interface DemoSnapshot {
  readonly setup: DemoSetup
  readonly elapsedMs: number
  /** Start-up progress; null once every shard was ready once. */
  readonly identify: IdentifyProgress | null
  /** When every shard was first ready, in milliseconds since the start; null before. */
  readonly allReadyAtMs: number | null
  readonly shards: readonly ShardRow[]
  readonly workers: readonly WorkerRow[]
  readonly faults: readonly FaultRow[]
  /** Dispatches delivered to the main thread so far, and per second over the last interval. */
  readonly delivered: number
  readonly eventsPerSecond: number
}

/** What the run ends with. */
export interface DemoSummary {
  readonly setup: DemoSetup
  readonly elapsedMs: number
  /** Whether Ctrl-C ended it early. */
  readonly interrupted: boolean
  readonly delivered: number
  /** The comparison with the simulator's records; null live. */
  readonly loss: LossReport | null
  readonly faults: readonly FaultRow[]
  /** Identify rules broken (bucket concurrency, session start budget, identify shape); null live. */
  readonly identifyViolations: number | null
  /** Any other rule the simulator enforces; null live. */
  readonly otherViolations: number | null
}
