import type { ShardRow } from './demo-snapshot.js'
import { formatCount, formatMs, unknown } from './format.js'

const header = ['shard', 'worker', 'status', 'latency', 'sequence', 'events/s'] as const

/** The shard table: one row per shard, with a note on what events/s counts. */
export function renderShardTable(rows: readonly ShardRow[]): string[] {
  const cells = rows.map((row) => [
    String(row.shardId),
    String(row.workerId),
    row.status,
    row.latencyMs === null ? unknown : formatMs(row.latencyMs),
    row.sequence === null ? unknown : formatCount(row.sequence),
    formatCount(row.eventsPerSecond),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)))
  // Status reads best left-aligned; figures right-aligned.
  const line = (cell: readonly string[]): string =>
    cell.map((text, column) => (column === 2 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join('  ').trimEnd()
  return [line(header), ...cells.map(line), 'events/s: dispatches delivered to the main thread (manager.on(\'dispatch\')), last interval']
}
