// Messages between the e2e orchestrator and its child processes (the simulator, one per mode).

/** The delivery modes measured side by side. */
export const e2eModes = ['shardwire-forward', 'shardwire-handlers', 'discordjs-ws'] as const

/** One measured delivery mode. */
export type E2eMode = (typeof e2eModes)[number]

/** The fixed shape of the load: the same for every mode. */
export const e2eLoad = { shards: 16, shardsPerWorker: 8, token: 'YmVuY2g.YmVuY2g.YmVuY2gtdG9rZW4', intents: 1 | 2 | 256 | 512 | 2048 | 4096 } as const

/** Simulator child → orchestrator. */
export type SimulatorReply = { readonly type: 'listening'; readonly restUrl: string; readonly gatewayUrl: string } | { readonly type: 'loadDone'; readonly sent: number }

/**
 * Orchestrator → simulator child: start a load until `stop`. The orchestrator times the window
 * itself: a simulator that falls behind catches up in long ticks, and would end late.
 */
export type LoadRequest = { readonly type: 'load'; readonly ratePerShard: number } | { readonly type: 'stop' }

/** What one mode's child measured over the load window. */
export interface ModeMeasurement {
  readonly mode: E2eMode
  /** Milliseconds from connect() to every shard ready. */
  readonly readyMs: number
  /** Events delivered to the handler during the window. */
  readonly delivered: number
  readonly windowMs: number
  /** Main-thread CPU over the window, µs (null when it cannot be read). */
  readonly mainCpuUs: number | null
  /** Whole-process CPU over the window, µs. */
  readonly processCpuUs: number
  /** The part of `processCpuUs` spent in the kernel (socket reads and writes, wakeups). */
  readonly systemCpuUs: number
  /** Resident set size at the end of the window, bytes. */
  readonly rssBytes: number
  /** Resident set size once every shard was ready and before any load, bytes. */
  readonly idleRssBytes: number
}

/** Mode child → orchestrator. */
export type ModeReply = { readonly type: 'ready'; readonly readyMs: number } | { readonly type: 'measured'; readonly measurement: ModeMeasurement }

/** Orchestrator → mode child. */
export type ModeCommand = { readonly type: 'start' } | { readonly type: 'stop' }
