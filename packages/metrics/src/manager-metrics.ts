import type { ManagerLifecycleEventMap, ManagerStatus } from '@shardwire/manager'
import { Registry } from 'prom-client'
import { createMetricSet, type MetricSet } from './metric-set.js'
import { resolveMetricsOptions, type ManagerMetricsOptions, type MetricsSource } from './metrics-options.js'
import { ShardReadiness, type NotReadyShard } from './shard-readiness.js'
import { WorkerBaselines } from './worker-baselines.js'

/** What `collectManagerMetrics` returns. */
export interface ManagerMetrics {
  /** The registry holding the metrics: serve `registry.metrics()` with `registry.contentType`. */
  readonly registry: Registry
  /** Polls `manager.fetchStatus()` now (after any poll already running); never rejects (failures are counted). */
  refresh(): Promise<void>
  /** The shards that have not been ready for longer than `thresholdMs`, as `/healthz` reports them. */
  notReadyLongerThan(thresholdMs: number): NotReadyShard[]
  /** Stops polling, stops listening to the manager, and removes the metrics from the registry. */
  close(): void
}

type Listeners = { readonly [K in keyof ManagerLifecycleEventMap]?: (...args: ManagerLifecycleEventMap[K]) => void }

/**
 * Registers shardwire's Prometheus metrics for `manager` and keeps them up to date: lifecycle
 * events (status changes, closes, resumes, worker restarts, identify waits) as they happen,
 * and the rest by polling `manager.fetchStatus()` every `pollIntervalMs`. It never listens to
 * dispatches, which would bring every event to the main thread: dispatch counts by name are
 * kept in the workers and polled.
 *
 * @example
 * ```ts
 * const metrics = collectManagerMetrics(manager)
 * app.get('/metrics', async (_req, res) => res.type(metrics.registry.contentType).send(await metrics.registry.metrics()))
 * ```
 * @throws InvalidOptionError naming the first invalid option, or `registry` when it already holds a metric of the same name
 */
export function collectManagerMetrics(manager: MetricsSource, options: ManagerMetricsOptions = {}): ManagerMetrics {
  const { registry: given, prefix, pollIntervalMs } = resolveMetricsOptions(manager, options)
  const registry = given ?? new Registry()
  const readiness = new ShardReadiness(() => performance.now())
  const { metrics, names } = createMetricSet(registry, prefix, {
    countByStatus: () => readiness.countByStatus(),
    sessionStartsRemaining: () => manager.sessionStartsRemaining,
  })
  const baselines = new WorkerBaselines()
  // The last latency observed per shard: a poll sees the same heartbeat until the next one.
  const lastLatency = new Map<number, number>()

  const listeners: Listeners = {
    shardStatus: ({ shardId, status }) => readiness.update(shardId, status),
    shardClose: ({ reconnect, reason, code }) => {
      if (reconnect) metrics.reconnects.inc({ reason, code: String(code) })
    },
    shardResumed: () => metrics.resumes.inc(),
    shardReady: () => metrics.sessionsStarted.inc(),
    identifyWaiting: () => metrics.identifyWaits.inc(),
    workerStart: ({ workerId }) => baselines.started(workerId),
    // A dead worker's shards are `closed`, as fetchStatus() says; its restart reports them anew.
    workerExit: ({ workerId, shardIds }) => {
      for (const shardId of shardIds) readiness.update(shardId, 'closed')
      metrics.workerUp.set({ worker: String(workerId) }, 0)
    },
    workerRestart: ({ workerId }) => metrics.workerRestarts.inc({ worker: String(workerId) }),
  }
  const subscribe = (attach: boolean): void => {
    for (const [name, listener] of Object.entries(listeners)) {
      const method = attach ? manager.on : manager.off
      ;(method as (name: string, listener: unknown) => unknown).call(manager, name, listener)
    }
  }
  subscribe(true)

  let polling: Promise<void> | null = null
  let closed = false
  const poll = async (): Promise<void> => {
    // Epochs before the call: a worker restarted while it ran gives totals of unknown origin.
    const epochs = baselines.epochs()
    let status: ManagerStatus
    try {
      status = await manager.fetchStatus()
    } catch {
      metrics.pollFailures.inc()
      return
    }
    if (closed) return
    applyStatus(metrics, status, { readiness, baselines, lastLatency, epochs })
  }
  const refresh = async (): Promise<void> => {
    while (polling !== null) await polling
    if (closed) return
    polling = poll().finally(() => {
      polling = null
    })
    await polling
  }
  const timer = setInterval(() => {
    if (polling === null) void refresh()
  }, pollIntervalMs)
  // Metrics alone never keep a process alive.
  timer.unref()
  void refresh()

  return {
    registry,
    refresh,
    notReadyLongerThan: (thresholdMs) => readiness.notReadyLongerThan(thresholdMs),
    close() {
      if (closed) return
      closed = true
      clearInterval(timer)
      subscribe(false)
      for (const name of names) registry.removeSingleMetric(name)
    },
  }
}

interface PollState {
  readonly readiness: ShardReadiness
  readonly baselines: WorkerBaselines
  readonly lastLatency: Map<number, number>
  /** Each worker's epoch when the poll started. */
  readonly epochs: ReadonlyMap<number, number>
}

// Everything a poll answers, into the metrics.
function applyStatus(metrics: MetricSet, status: ManagerStatus, state: PollState): void {
  const { readiness, baselines, lastLatency, epochs } = state
  metrics.sendQueueDepth.reset()
  for (const shard of status.shards) {
    const label = { shard: String(shard.shardId) }
    readiness.learn(shard.shardId, shard.status)
    metrics.sendQueueDepth.set(label, shard.queuedSends)
    if (shard.latency >= 0 && lastLatency.get(shard.shardId) !== shard.latency) {
      lastLatency.set(shard.shardId, shard.latency)
      metrics.gatewayLatency.observe(label, shard.latency / 1000)
    }
  }
  for (const worker of status.workers) {
    const label = { worker: String(worker.workerId) }
    metrics.workerUp.set(label, worker.alive ? 1 : 0)
    if (worker.rpcLatency !== null) metrics.rpcLatency.observe(label, worker.rpcLatency / 1000)
    if (worker.resources !== null) metrics.workerHeap.set(label, worker.resources.heapUsedBytes)
    // Totals since the worker started: only from a worker that did not restart during the poll.
    if ((epochs.get(worker.workerId) ?? 0) !== baselines.epoch(worker.workerId)) continue
    const grew = (key: string, total: number): number => baselines.increase(worker.workerId, key, total)
    if (worker.resources !== null && worker.resources.cpuMicros >= 0) metrics.workerCpu.inc(label, grew('cpu', worker.resources.cpuMicros) / 1e6)
    if (worker.payloadTimings !== null) {
      const { frames, decompressMicros, messages, decodeMicros } = worker.payloadTimings
      metrics.decompressedFrames.inc(label, grew('frames', frames))
      metrics.decompressSeconds.inc(label, grew('decompress', decompressMicros) / 1e6)
      metrics.decodedPayloads.inc(label, grew('messages', messages))
      metrics.decodeSeconds.inc(label, grew('decode', decodeMicros) / 1e6)
    }
    for (const [event, total] of Object.entries(worker.dispatches ?? {})) {
      const increase = grew(`event:${event}`, total)
      if (increase > 0) metrics.dispatches.inc({ event }, increase)
    }
  }
}
