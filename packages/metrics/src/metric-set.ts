import { InvalidOptionError, type ShardStatus } from '@shardwire/core'
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

// A table, so that a status added to core without an entry here is a compile error: every
// status is exported (at 0 when no shard is in it), so dashboards need no `or vector(0)`.
const statusTable = {
  idle: true, connecting: true, 'waiting-hello': true, 'awaiting-identify': true, identifying: true,
  resuming: true, ready: true, disconnected: true, fatal: true, closed: true,
} as const satisfies Record<ShardStatus, true>

/** Every shard status, for the `shards` gauge. */
export const shardStatuses = Object.keys(statusTable) as ShardStatus[]

// Heartbeat round trips: from a LAN's few ms to a struggling connection's seconds.
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
// A bridge round trip is tens of µs idle and grows with the worker's backlog.
const rpcBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

/** Every metric `collectManagerMetrics` keeps, by role. The names are listed in the package README. */
export interface MetricSet {
  readonly shards: Gauge<'status'>
  readonly gatewayLatency: Histogram<'shard'>
  readonly sendQueueDepth: Gauge<'shard'>
  readonly dispatches: Counter<'event'>
  readonly reconnects: Counter<'reason' | 'code'>
  readonly resumes: Counter
  readonly sessionsStarted: Counter
  readonly identifyWaits: Counter
  readonly sessionStartsRemaining: Gauge
  readonly workerRestarts: Counter<'worker'>
  readonly workerUp: Gauge<'worker'>
  readonly workerCpu: Counter<'worker'>
  readonly workerHeap: Gauge<'worker'>
  readonly rpcLatency: Histogram<'worker'>
  readonly decodeSeconds: Counter<'worker'>
  readonly decodedPayloads: Counter<'worker'>
  readonly decompressSeconds: Counter<'worker'>
  readonly decompressedFrames: Counter<'worker'>
  readonly pollFailures: Counter
}

/** What the gauges read at scrape time. */
export interface GaugeReaders {
  countByStatus(): ReadonlyMap<ShardStatus, number>
  sessionStartsRemaining(): number | null
}

/** Creates every metric under `prefix` in `registry`; `names` are what was registered, for removing them again. */
export function createMetricSet(registry: Registry, prefix: string, read: GaugeReaders): { readonly metrics: MetricSet; readonly names: readonly string[] } {
  const registers = [registry]
  const names: string[] = []
  const name = (suffix: string): string => {
    const full = `${prefix}${suffix}`
    if (registry.getSingleMetric(full) !== undefined) throw new InvalidOptionError('registry', `already holds a metric named ${full} (another collection with the same prefix?)`)
    names.push(full)
    return full
  }
  let metrics: MetricSet
  try {
    metrics = {
      shards: new Gauge({
        name: name('shards'), help: 'Shards by status, as the manager last heard.', labelNames: ['status'], registers,
        collect() {
          const counts = read.countByStatus()
          for (const status of shardStatuses) this.set({ status }, counts.get(status) ?? 0)
        },
      }),
      gatewayLatency: new Histogram({
        name: name('gateway_latency_seconds'), help: 'Heartbeat round trips, one observation per new value a status poll sees.',
        labelNames: ['shard'], buckets: latencyBuckets, registers,
      }),
      sendQueueDepth: new Gauge({ name: name('send_queue_depth'), help: 'User sends waiting for READY or for the rate limit, at the last poll.', labelNames: ['shard'], registers }),
      dispatches: new Counter({ name: name('dispatches_total'), help: 'Dispatches the shards received, by event name, counted in the workers.', labelNames: ['event'], registers }),
      reconnects: new Counter({
        name: name('reconnects_total'), help: 'Connections that ended and were followed by a reconnect, by why they ended and the close code.',
        labelNames: ['reason', 'code'], registers,
      }),
      resumes: new Counter({ name: name('resumes_total'), help: 'Sessions resumed (RESUMED received).', registers }),
      sessionsStarted: new Counter({ name: name('sessions_started_total'), help: 'Sessions started (READY received): each spent a session start.', registers }),
      identifyWaits: new Counter({ name: name('identify_waits_total'), help: 'Times a shard waited for the session start budget to reset.', registers }),
      sessionStartsRemaining: new Gauge({
        name: name('session_starts_remaining'), help: 'Session starts the manager believes are left until the budget resets (NaN before connect()).', registers,
        collect() {
          // NaN until connect() has fetched the budget: a 0 would read as "exhausted".
          this.set(read.sessionStartsRemaining() ?? Number.NaN)
        },
      }),
      workerRestarts: new Counter({ name: name('worker_restarts_total'), help: 'Worker threads restarted after dying unexpectedly.', labelNames: ['worker'], registers }),
      workerUp: new Gauge({ name: name('worker_up'), help: 'Whether the worker thread was running at the last poll (1) or not (0).', labelNames: ['worker'], registers }),
      workerCpu: new Counter({ name: name('worker_cpu_seconds_total'), help: 'CPU time (user + system) of each worker thread.', labelNames: ['worker'], registers }),
      workerHeap: new Gauge({ name: name('worker_heap_used_bytes'), help: 'V8 heap in use in each worker thread, at the last poll.', labelNames: ['worker'], registers }),
      rpcLatency: new Histogram({
        name: name('rpc_latency_seconds'), help: 'Round trips from the manager to a worker and back, one per worker per poll.',
        labelNames: ['worker'], buckets: rpcBuckets, registers,
      }),
      decodeSeconds: new Counter({ name: name('decode_seconds_total'), help: 'Time the workers spent decoding received messages.', labelNames: ['worker'], registers }),
      decodedPayloads: new Counter({ name: name('decoded_payloads_total'), help: 'Messages the workers decoded (divide decode_seconds_total by it for the time per event).', labelNames: ['worker'], registers }),
      decompressSeconds: new Counter({ name: name('decompress_seconds_total'), help: 'Time the workers spent decompressing received frames.', labelNames: ['worker'], registers }),
      decompressedFrames: new Counter({ name: name('decompressed_frames_total'), help: 'Frames the workers decompressed.', labelNames: ['worker'], registers }),
      pollFailures: new Counter({ name: name('status_poll_failures_total'), help: 'Status polls that failed (a worker died or did not answer in time).', registers }),
    }
  } catch (error) {
    // Leave the registry as it was: only the names this call registered are removed.
    for (const registered of names) registry.removeSingleMetric(registered)
    throw error
  }
  return { metrics, names }
}
