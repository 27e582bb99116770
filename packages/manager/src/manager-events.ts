import type { Worker } from 'node:worker_threads'
import type { DispatchData, DispatchEventName } from '@shardwire/worker'
import type { IdentifyWaitingEvent } from './session-budget-queue.js'
import type { DisconnectReason, ShardDispatch, ShardStatus, ShardwireError } from '@shardwire/core'

/** `shardReady`: a shard started a new session. */
export interface ManagerShardReadyEvent {
  /** The shard. */
  readonly shardId: number
  /** The worker thread running it. */
  readonly workerId: number
  /** `session_id` from READY. */
  readonly sessionId: string
}

/** `shardResumed`: a shard resumed its session. */
export interface ManagerShardResumedEvent {
  /** The shard. */
  readonly shardId: number
  /** The worker thread running it. */
  readonly workerId: number
  /** How many events the gateway replayed before RESUMED. */
  readonly replayed: number
}

/** `shardClose`: a shard's connection ended. */
export interface ManagerShardCloseEvent {
  /** The shard. */
  readonly shardId: number
  /** The worker thread running it. */
  readonly workerId: number
  /** The close code received (1006 for a dropped socket) or sent. */
  readonly code: number
  /** Whether the shard reconnects on its own. */
  readonly reconnect: boolean
  /** Why the connection ended (`zombie`, `reconnect-requested`, `socket-closed`…), as `Shard`'s `close` event says. */
  readonly reason: DisconnectReason
}

/** `shardStatus`: a shard's status changed. */
export interface ManagerShardStatusEvent {
  /** The shard. */
  readonly shardId: number
  /** The worker thread running it. */
  readonly workerId: number
  /** The status now. */
  readonly status: ShardStatus
  /** The status before. */
  readonly previous: ShardStatus
}

/** `workerStart`: a worker thread was started; its listeners were attached before it ran. */
export interface ManagerWorkerStartEvent {
  /** The worker's id, stable across its restarts. */
  readonly workerId: number
  /** The shards it runs. */
  readonly shardIds: readonly number[]
  /** The thread, for diagnostics (heap snapshots, resource limits) and for tests that kill it. */
  readonly thread: Worker
}

/** `workerExit`: a worker thread ended, on its own or by `destroy()`. */
export interface ManagerWorkerExitEvent {
  /** The worker's id. */
  readonly workerId: number
  /** The thread's exit code (1 for an uncaught error). */
  readonly exitCode: number
  /** The shards it ran. */
  readonly shardIds: readonly number[]
  /** Whether the manager ended it (`destroy()`), rather than a crash or an exit of its own. */
  readonly expected: boolean
}

/** `workerRestart`: a worker died unexpectedly and is restarted after `delayMs`; its shards resume. */
export interface ManagerWorkerRestartEvent {
  /** The worker's id. */
  readonly workerId: number
  /** The shards it runs, which resume once it is back. */
  readonly shardIds: readonly number[]
  /** 0 for the first restart in the window. */
  readonly attempt: number
  /** How long the manager waits before restarting it (capped exponential backoff with jitter). */
  readonly delayMs: number
}

/** `shardOwnership`: cluster mode only: this manager took shard `shardId` on, or gave it up. */
export interface ManagerShardOwnershipEvent {
  /** The shard. */
  readonly shardId: number
  /** Whether this manager runs the shard from now on. */
  readonly owned: boolean
  /** `claimed`: its lease is now this manager's; `lost`: the lease may have passed on, so the shard was stopped at once; `handed-over`: given to another member with a resumable close. */
  readonly reason: 'claimed' | 'lost' | 'handed-over'
}

/** `debug`: a structured diagnostic. Never holds the token. */
export interface ManagerDebugEvent {
  /** What happened, for humans. */
  readonly message: string
  /** The worker concerned, if any. */
  readonly workerId?: number
  /** The shard concerned, if any. */
  readonly shardId?: number
}

/** The manager's own events, besides dispatches. */
export interface ManagerLifecycleEventMap {
  /** A shard started a new session (READY). */
  shardReady: [event: ManagerShardReadyEvent]
  /** A shard resumed its session (RESUMED). */
  shardResumed: [event: ManagerShardResumedEvent]
  /** A shard's connection ended; `reconnect` says whether it carries on by itself. */
  shardClose: [event: ManagerShardCloseEvent]
  /** A shard's status changed. */
  shardStatus: [event: ManagerShardStatusEvent]
  /** A worker thread started (also after a restart). */
  workerStart: [event: ManagerWorkerStartEvent]
  /** A worker thread ended. */
  workerExit: [event: ManagerWorkerExitEvent]
  /** A worker died unexpectedly and will be restarted; its shards resume. */
  workerRestart: [event: ManagerWorkerRestartEvent]
  /** Cluster mode: this manager took a shard on or gave it up. */
  shardOwnership: [event: ManagerShardOwnershipEvent]
  /** A shard waits for the session start budget to reset rather than exceed it. */
  identifyWaiting: [event: IdentifyWaitingEvent]
  /** A structured diagnostic; never holds the token. */
  debug: [event: ManagerDebugEvent]
  /** A shard's error (fatal closes included: each reported once) or a worker's; `shardId` is null for a worker's. */
  error: [error: ShardwireError, shardId: number | null]
  /** Every dispatch, whatever its name. Listening to it forwards every event from the workers. */
  dispatch: [payload: ShardDispatch, shardId: number]
}

/** Every event of `ShardManager`: its own, and each dispatch by name with its typed data. */
export type ManagerEventMap = ManagerLifecycleEventMap & { [K in DispatchEventName]: [data: DispatchData<K>, shardId: number] }

// A table, so that an event added to the map without an entry here is a compile error.
const lifecycleNameTable = {
  shardReady: true, shardResumed: true, shardClose: true, shardStatus: true, workerStart: true, workerExit: true, workerRestart: true, shardOwnership: true, identifyWaiting: true, debug: true, error: true, dispatch: true,
} as const satisfies Record<keyof ManagerLifecycleEventMap, true>

/** The names of the manager's own events: every other name is a dispatch name. */
export const lifecycleEventNames: ReadonlySet<string> = new Set(Object.keys(lifecycleNameTable))
