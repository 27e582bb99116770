import type { PayloadTimings, ShardStatus } from '@shardwire/core'
import type { DeliveryCounts, WorkerResources } from '@shardwire/worker'
import type { WorkerHandle } from './worker-handle.js'

/** One shard in {@link ManagerStatus}. */
export interface ManagerShardStatus {
  /** The shard. */
  readonly shardId: number
  /** The worker thread running it. */
  readonly workerId: number
  /** `closed` for the shards of a worker that is down. */
  readonly status: ShardStatus
  /** Milliseconds of the last heartbeat round trip; -1 before the first. */
  readonly latency: number
  /** The last dispatch sequence delivered; null before the first. */
  readonly sequence: number | null
  /** User sends waiting for READY or for the rate limit; 0 when its worker is down. */
  readonly queuedSends: number
}

/** What `fetchStatus()` reports. */
export interface ManagerStatus {
  /** Every shard of this manager, worker by worker. */
  readonly shards: readonly ManagerShardStatus[]
  /** Every worker thread of this manager. */
  readonly workers: readonly {
    /** The worker's id. */
    readonly workerId: number
    /** The shards it runs. */
    readonly shardIds: readonly number[]
    /** Whether its thread is running (false between a crash and its restart, or after the restart limit). */
    readonly alive: boolean
    /** Milliseconds of a call to the worker and back; null when it is down. */
    readonly rpcLatency: number | null
    /** Dispatches this worker (since its last start) sent to the main thread, and held back unlistened; null when it is down. */
    readonly delivery: DeliveryCounts | null
    /** The worker thread's own CPU time since it started and its V8 heap in use; null when it is down. */
    readonly resources: WorkerResources | null
    /** Dispatches its shards received since it started, by event name, forwarded or not; null when it is down. */
    readonly dispatches: Readonly<Record<string, number>> | null
    /** Time its shards spent decompressing and decoding since it started; null when it is down. */
    readonly payloadTimings: PayloadTimings | null
  }[]
}

/** Asks every live worker for its shards, its bridge latency, its delivery counts and its stats. */
export async function fetchManagerStatus(workers: readonly WorkerHandle[]): Promise<ManagerStatus> {
  const reports = await Promise.all(workers.map(async (worker) => {
    if (worker.exited) return { worker, rpcLatency: null, shards: null, delivery: null, stats: null }
    const started = performance.now()
    await worker.client.api.ping()
    const rpcLatency = performance.now() - started
    const [shards, delivery, stats] = await Promise.all([worker.client.api.fetchStatus(), worker.client.api.fetchDeliveryCounts(), worker.client.api.fetchStats()])
    return { worker, rpcLatency, shards, delivery, stats }
  }))
  return {
    shards: reports.flatMap(({ worker, shards }) => shards === null
      ? worker.shardIds.map((shardId) => ({ shardId, workerId: worker.workerId, status: 'closed' as const, latency: -1, sequence: null, queuedSends: 0 }))
      : shards.map((shard) => ({ ...shard, workerId: worker.workerId }))),
    workers: reports.map(({ worker, rpcLatency, delivery, stats }) => ({
      workerId: worker.workerId, shardIds: worker.shardIds, alive: !worker.exited, rpcLatency, delivery,
      resources: stats?.resources ?? null, dispatches: stats?.dispatches ?? null, payloadTimings: stats?.payloadTimings ?? null,
    })),
  }
}
