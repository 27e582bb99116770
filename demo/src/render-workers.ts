import type { WorkerRow } from './demo-snapshot.js'
import { formatCount, formatIds, formatMegabytes, formatMs, formatShare, unknown } from './format.js'

/**
 * One line per worker: shards, up or down, bridge latency, CPU share, heap, dispatches its
 * shards received and those it sent to the main thread (both since it last started), restarts.
 */
export function renderWorkerLines(rows: readonly WorkerRow[]): string[] {
  return rows.map((row) => [
    `worker ${row.workerId}`,
    `shards ${formatIds(row.shardIds)}`,
    row.alive ? 'up' : 'DOWN',
    `rpc ${row.rpcLatencyMs === null ? unknown : formatMs(row.rpcLatencyMs)}`,
    `cpu ${row.cpuShare === null ? unknown : formatShare(row.cpuShare)}`,
    `heap ${row.heapUsedBytes === null ? unknown : formatMegabytes(row.heapUsedBytes)}`,
    `received ${row.received === null ? unknown : formatCount(row.received)}`,
    `sent to main ${row.forwarded === null ? unknown : formatCount(row.forwarded)}`,
    `restarts ${row.restarts}`,
  ].join(' · '))
}
