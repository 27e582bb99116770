// The two contracts of the worker bridge, one per direction. Types only: both threads import
// this file, and nothing here may be anything but structured-cloneable data and promises.
import type { DisconnectReason, OutgoingPayload, PayloadTimings, ReconnectMode, SessionInfo, ShardDispatch, ShardStatus } from '@shardwire/core'
import type { ErrorData } from './error-data.js'

/** One shard as its worker sees it, from {@link WorkerApi.fetchStatus}. */
export interface ShardReport {
  /** The shard. */
  readonly shardId: number
  /** Its status in the worker. */
  readonly status: ShardStatus
  /** Milliseconds of the last heartbeat round trip; -1 before the first. */
  readonly latency: number
  /** The last dispatch sequence delivered on the current session; null before the first. */
  readonly sequence: number | null
  /** User sends waiting for READY or for the rate limit (`Shard.queuedSends`). */
  readonly queuedSends: number
}

/** What a worker thread costs, from {@link WorkerApi.fetchStats}. */
export interface WorkerResources {
  /** The thread's own CPU time (user + system) since it started, in µs; -1 where the platform cannot tell. */
  readonly cpuMicros: number
  /** The thread's V8 heap in use, in bytes. */
  readonly heapUsedBytes: number
}

/** A worker's running totals since it started, from {@link WorkerApi.fetchStats}. */
export interface WorkerStats {
  /** The thread's CPU time and heap. */
  readonly resources: WorkerResources
  /** Dispatches its shards received, by event name, whether forwarded or not. */
  readonly dispatches: Readonly<Record<string, number>>
  /** Time its shards spent decompressing and decoding, shards since stopped included. */
  readonly payloadTimings: PayloadTimings
}

/** What a worker tells the manager about its shards' lives, through {@link ManagerApi.reportLifecycle}. */
export type ShardLifecycleEvent =
  | { readonly type: 'ready'; readonly shardId: number; readonly sessionId: string }
  | { readonly type: 'resumed'; readonly shardId: number; readonly replayed: number }
  | { readonly type: 'close'; readonly shardId: number; readonly code: number; readonly reconnect: boolean; readonly reason: DisconnectReason }
  | { readonly type: 'status'; readonly shardId: number; readonly status: ShardStatus; readonly previous: ShardStatus }
  | { readonly type: 'error'; readonly shardId: number; readonly error: ErrorData }
  /** Cluster mode: the shard's lease lapsed before it could reconnect, so the worker stopped it (see `LeaseFence`). */
  | { readonly type: 'fenced'; readonly shardId: number }

/**
 * A JSON dispatch on the events channel as the text it arrived in, with its name and sequence
 * beside it: copying a string across threads is far cheaper than cloning the decoded object,
 * and the main thread parses it only when someone reads `d` (see `readForwardedDispatch`).
 * READY always travels decoded, so narrowing on `t === 'READY'` gives the decoded shape.
 */
export interface ForwardedText {
  /** Always 0: only dispatches are forwarded as text. */
  readonly op: 0
  /** The event name, peeked from the text. */
  readonly t: Exclude<ShardDispatch['t'], 'READY'>
  /** The sequence, peeked from the text. */
  readonly s: number
  /** The whole payload's JSON text, `{"op":0,"t":…,"s":…,"d":…}` in any member order. */
  readonly text: string
}

/**
 * One batch on the events channel: the dispatches one worker received during one tick, in
 * order, each with its shard id, decoded (READY, ETF) or as text. Only event names the filter
 * lets through are in it.
 */
export type EventBatch = readonly (readonly [shardId: number, payload: ShardDispatch | ForwardedText])[]

/** Dispatches a worker forwarded on its events channel, and held back by the filter, since it started. */
export interface DeliveryCounts {
  /** Dispatches sent to the main thread. */
  readonly forwarded: number
  /** Dispatches kept in the worker: no main-thread listener wanted their name. */
  readonly held: number
}

/** Which dispatch names a worker forwards: a list, or null for all of them. */
export type EventFilter = readonly string[] | null

/** What each worker exposes to the manager. */
export interface WorkerApi {
  /** Creates and connects these shards; resolves once they are started, not once they are ready. */
  startShards(shardIds: readonly number[]): Promise<void>
  /** Closes these shards with `code` (1000 ends their sessions; 4000 to 4999 keeps them resumable) and forgets them. */
  stopShards(shardIds: readonly number[], code: number): Promise<void>
  /** `Shard.send` on shard `shardId`. */
  send(shardId: number, payload: OutgoingPayload): Promise<void>
  /** `Shard.reconnect` on shard `shardId`. */
  reconnect(shardId: number, mode: ReconnectMode): Promise<void>
  /** Replaces the names of the dispatches forwarded on the events channel. */
  setEventFilter(filter: EventFilter): Promise<void>
  /** Every shard of this worker. */
  fetchStatus(): Promise<ShardReport[]>
  /** How many dispatches the events channel carried, and how many the filter held back. */
  fetchDeliveryCounts(): Promise<DeliveryCounts>
  /** The thread's CPU time and heap, and its dispatch and decode totals since it started. */
  fetchStats(): Promise<WorkerStats>
  /** Answers at once, for measuring the bridge's latency. */
  ping(): Promise<void>
}

/** What the manager exposes to each worker. */
export interface ManagerApi {
  /**
   * Waits for shard `shardId`'s identify permit, tracked under `ticket` (unique per worker)
   * so that {@link ManagerApi.cancelIdentify} can withdraw it. Rejects like `IdentifyQueue.waitForIdentify`.
   */
  acquireIdentify(ticket: number, shardId: number, timeoutMs: number): Promise<void>
  /** Shard `shardId` wrote the IDENTIFY its permit allowed: see `IdentifyQueue.identifySent`. */
  identifySent(shardId: number): Promise<void>
  /** Withdraws the request `ticket`; nothing happens if it was settled already. */
  cancelIdentify(ticket: number): Promise<void>
  /** The saved session of shard `shardId`, or null. */
  retrieveSession(shardId: number): Promise<SessionInfo | null>
  /** Saves (or with null forgets) the session of shard `shardId`. */
  updateSession(shardId: number, info: SessionInfo | null): Promise<void>
  /** A shard's life changed. */
  reportLifecycle(event: ShardLifecycleEvent): Promise<void>
}
