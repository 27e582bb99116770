// The plain-text table of `pnpm bench:identify`.
import type { AllReadyRow } from './all-ready-run.js'
import type { PermitLatencyRow } from './permit-latency.js'

const ms = (value: number): string => `${value.toFixed(value < 10 ? 3 : 0)} ms`

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')
}

/** Both tables: permit latency (with Redis's extra over local) and time to all-ready. */
export function formatIdentifyTables(permits: readonly PermitLatencyRow[], runs: readonly AllReadyRow[], notes: { simWindowMs: number; queueWindowMs: number; maxConcurrency: number }): string {
  const local = permits.find((row) => row.queue === 'local')!
  const permitTable = table(['queue', 'samples', 'p50', 'p99', 'mean', 'extra p50', 'extra p99'], permits.map((row) => [
    row.queue, String(row.samples), ms(row.p50Ms), ms(row.p99Ms), ms(row.meanMs),
    row.queue === 'local' ? '' : ms(row.p50Ms - local.p50Ms), row.queue === 'local' ? '' : ms(row.p99Ms - local.p99Ms),
  ]))
  const readyTable = table(['processes', 'shards', 'minimum', 'all ready', 'ratio', 'over', 'queue min', 'vs queue min', 'from start', 'identifies', 'violations', 'hop p50', 'hop max'], runs.map((row) => [
    String(row.processes), String(row.shards), ms(row.minimumMs), ms(row.allReadyMs), `${row.ratio.toFixed(3)}x`, ms(row.allReadyMs - row.minimumMs),
    ms(row.queueMinimumMs), `${(row.allReadyMs / row.queueMinimumMs).toFixed(3)}x`,
    ms(row.fromStartMs), String(row.identifies), String(row.violations), ms(row.grantToIdentifyP50Ms), ms(row.grantToIdentifyMaxMs),
  ]))
  return [
    'Identify permit round trip, uncontended (each request in a bucket of its own):',
    permitTable,
    '',
    `Time to all-ready, max_concurrency ${notes.maxConcurrency}, simulator window ${notes.simWindowMs} ms, queue window ${notes.queueWindowMs} ms.`,
    'minimum = (rounds - 1) x simulator window (Discord\'s); queue min = (rounds - 1) x queue window; all ready = first identify seen by the simulator to the last READY;',
    'from start = connect() in every process to the last READY (worker start-up and HELLO included);',
    `hop = Redis grant to the identify reaching the simulator (each bucket's window restarts at the identify itself, so a long hop delays the next grant instead of breaking the window).`,
    readyTable,
  ].join('\n')
}
