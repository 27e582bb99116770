import { availableParallelism } from 'node:os'
import type { E2eMode, ModeMeasurement } from './e2e-protocol.js'

/** One mode's measurement with what the simulator offered during its window. */
export interface E2eRow extends ModeMeasurement {
  /** Events the simulator sent during the window. */
  readonly offered: number
}

/** One target of the issue, computed from the measured rows. */
export interface E2eTarget {
  readonly name: string
  readonly ours: number | null
  readonly theirs: number | null
  /** ours / theirs. */
  readonly ratio: number | null
  readonly goal: string
  readonly pass: boolean
}

const shardCount = 16
const baseline: E2eMode = 'discordjs-ws'

/** Events per second delivered to the handler during the window. */
export function eventsPerSecond(row: E2eRow): number {
  return row.delivered / (row.windowMs / 1000)
}

/** Whether delivery fell behind the offered rate (by more than 10%): the mode was saturated. */
export function saturated(row: E2eRow): boolean {
  return row.delivered < 0.9 * row.offered
}

/**
 * Events per second the mode could take if it had every core to itself: cores over its
 * process CPU per event. When the simulator, not the mode, is the bottleneck (two cores shared
 * with it), this is what saturated throughput would be.
 */
export function cpuCapacity(row: E2eRow): number | null {
  const perEvent = processUsPerEvent(row)
  return perEvent === null ? null : (availableParallelism() * 1e6) / perEvent
}


/** Main-thread CPU µs per delivered event; null when unknown. */
export function mainUsPerEvent(row: E2eRow): number | null {
  return row.mainCpuUs === null || row.delivered === 0 ? null : row.mainCpuUs / row.delivered
}

/** Whole-process CPU µs per delivered event. */
export function processUsPerEvent(row: E2eRow): number | null {
  return row.delivered === 0 ? null : row.processCpuUs / row.delivered
}

/** RSS per shard in MB: idle (every shard ready, before load) or at the end of the load window. */
export function rssMbPerShard(row: E2eRow, loaded = false): number {
  return (loaded ? row.rssBytes : row.idleRssBytes) / shardCount / 2 ** 20
}

function target(name: string, ours: number | null, theirs: number | null, goal: string, pass: (ratio: number) => boolean): E2eTarget {
  const ratio = ours === null || theirs === null || theirs === 0 ? null : ours / theirs
  return { name, ours, theirs, ratio, goal, pass: ratio !== null && pass(ratio) }
}

/** The three targets (memory twice: under load and idle), PASS or FAIL from the rows. */
export function evaluateE2e(rows: readonly E2eRow[]): E2eTarget[] {
  const find = (mode: E2eMode): E2eRow | undefined => rows.find((row) => row.mode === mode)
  const base = find(baseline)
  const forward = find('shardwire-forward')
  const handlers = find('shardwire-handlers')
  const value = <T>(row: E2eRow | undefined, read: (row: E2eRow) => T): T | null => (row === undefined ? null : read(row))
  const worstRss = (loaded: boolean): number | null => {
    const worst = Math.max(...[forward, handlers].map((row) => value(row, (r) => rssMbPerShard(r, loaded)) ?? Number.POSITIVE_INFINITY))
    return Number.isFinite(worst) ? worst : null
  }
  return [
    // On CPU capacity: the simulator shares the cores, so measured events/s are capped by it (see the footnote).
    target('throughput, handlers in workers (CPU capacity/s)*', value(handlers, cpuCapacity), value(base, cpuCapacity), '>= 3x', (r) => r >= 3),
    target('main-thread CPU per forwarded event (µs)', value(forward, mainUsPerEvent), value(base, mainUsPerEvent), '<= 1/3', (r) => r <= 1 / 3),
    target('RSS per shard under load (MB), worst shardwire mode', worstRss(true), value(base, (r) => rssMbPerShard(r, true)), '<= 1x', (r) => r <= 1),
    target('idle RSS per shard (MB), worst shardwire mode', worstRss(false), value(base, (r) => rssMbPerShard(r)), '<= 1x', (r) => r <= 1),
  ]
}

function fixed(value: number | null, digits: number): string {
  return value === null ? 'n/a' : value.toFixed(digits)
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((row) => (row[i] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

/** The side-by-side table, the ratios vs @discordjs/ws, and the targets. */
export function formatE2eTable(rows: readonly E2eRow[], targets: readonly E2eTarget[], run: {
  readonly ratePerShard: number
  readonly durationMs: number
  readonly quick: boolean
  readonly dist: boolean
  readonly loadBefore: readonly number[]
  readonly loadAfter: readonly number[]
}): string {
  const base = rows.find((row) => row.mode === baseline)
  const ratio = (ours: number | null, theirs: number | null | undefined): string => (ours === null || theirs == null || theirs === 0 ? '' : ` (${(ours / theirs).toFixed(2)}x)`)
  const body = rows.map((row) => {
    const main = mainUsPerEvent(row)
    const total = processUsPerEvent(row)
    return [
      row.mode,
      `${Math.round(eventsPerSecond(row))}${ratio(eventsPerSecond(row), base && eventsPerSecond(base))}`,
      `${Math.round(row.offered / (row.windowMs / 1000))}${saturated(row) ? ' sat' : ''}`,
      `${fixed(cpuCapacity(row), 0)}${ratio(cpuCapacity(row), base && cpuCapacity(base))}`,
      `${fixed(main, 2)}${ratio(main, base && mainUsPerEvent(base))}`,
      `${fixed(total, 2)}${ratio(total, base && processUsPerEvent(base))}`,
      `${rssMbPerShard(row).toFixed(2)}${ratio(rssMbPerShard(row), base && rssMbPerShard(base))}`,
      rssMbPerShard(row, true).toFixed(2),
      (row.readyMs / 1000).toFixed(2),
    ]
  })
  const header = ['mode', 'events/s', 'offered/s', 'CPU capacity/s', 'main µs/ev', 'process µs/ev', 'idle MB/shard', 'loaded MB/shard', 'ready s']
  const load = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(' ')
  const lines = [
    `e2e: 16 shards, zlib-stream + JSON, offered ${run.ratePerShard}/s per shard for ${run.durationMs / 1000} s${run.quick ? ' (quick)' : ''}, node ${process.versions.node}, shardwire from ${run.dist ? 'builds' : 'sources (tsx)'}`,
    `load average before ${load(run.loadBefore)}, after ${load(run.loadAfter)}; ratios vs @discordjs/ws`,
    '',
    table(header, body),
    '',
    table(['target', 'shardwire', '@discordjs/ws', 'ratio', 'goal', 'result'], targets.map((t) => [
      t.name, fixed(t.ours, 2), fixed(t.theirs, 2), t.ratio === null ? 'n/a' : `${t.ratio.toFixed(2)}x`, t.goal, t.pass ? 'PASS' : 'FAIL',
    ])),
  ]
  if (targets.some((t) => t.name.endsWith('*'))) {
    lines.push(`* CPU capacity = ${availableParallelism()} cores / process µs per event. The simulator runs on the same cores and, when it falls`)
    lines.push(`  behind, catches up in bursts: measured events/s ('sat' = more than 10% behind the offer) show the simulator's limit as much as the mode's.`)
  }
  return lines.join('\n')
}
