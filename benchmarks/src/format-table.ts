import type { CaseResult, SkippedCase } from './bench-runner.js'
import type { TargetOutcome } from './targets.js'

const corpusTitles = { mixed: 'mixed stream', guild: 'GUILD_CREATE (~2 MB)' } as const

function formatCount(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`
  return value.toFixed(1)
}

function formatUs(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(2)} µs`
}

/** The ratio column: time over the baseline's, and the speed-up it means. */
function formatRatio(result: CaseResult): string {
  if (result.timeRatio === undefined) return result.baseline === undefined ? '' : `(no ${result.baseline})`
  const speed = 1 / result.timeRatio
  return `${result.timeRatio.toFixed(2)}x time (${speed.toFixed(2)}x speed) vs ${result.baseline}`
}

function pad(cells: readonly string[], widths: readonly number[], rightAligned: ReadonlySet<number>): string {
  return cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join('  ').trimEnd()
}

/**
 * Renders results as a plain-text table per corpus and group, skipped rows with their reason.
 * `per event` is the median iteration (best pass) over its events, `fastest` the quickest
 * iteration: on a busy machine the gap between them shows how much noise there was.
 */
export function formatTable(results: readonly CaseResult[], skipped: readonly SkippedCase[]): string {
  const lines: string[] = []
  const header = ['name', 'events/s', 'per event', 'fastest', 'MB/s', '±%', 'ratio']
  const right = new Set([1, 2, 3, 4, 5])
  const last = header.length - 1
  for (const corpus of ['mixed', 'guild'] as const) {
    const rows = results.filter((r) => r.corpus === corpus)
    const skips = skipped.filter((s) => s.corpus === corpus)
    if (rows.length === 0 && skips.length === 0) continue
    const events = rows[0]?.events
    lines.push('', `== ${corpusTitles[corpus]}${events === undefined ? '' : ` (${events} events per iteration, or a slice where noted)`} ==`)
    const groups = [...new Set([...rows.map((r) => r.group), ...skips.map((s) => s.group)])]
    const table: string[][] = []
    for (const group of groups) {
      table.push([`[${group}]`, '', '', '', '', '', ''])
      for (const r of rows.filter((x) => x.group === group)) {
        const slice = r.events !== events ? ` (${r.events} of them)` : ''
        const fastest = formatUs((r.minMs * 1000) / r.events)
        table.push([`  ${r.name}${slice}`, formatCount(r.eventsPerSecond), formatUs(r.usPerEvent), fastest, r.mbPerSecond.toFixed(1), r.rme.toFixed(1), formatRatio(r)])
      }
      for (const s of skips.filter((x) => x.group === group)) table.push([`  ${s.name}`, '-', '-', '-', '-', '-', `SKIPPED: ${s.skipped}`])
    }
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => (i === last ? 0 : (cells[i] as string).length))))
    lines.push(pad(header, widths, right))
    for (const cells of table) lines.push(pad(cells, widths, right))
  }
  return lines.join('\n')
}

/** Renders the targets section: each target, the figure measured and PASS, FAIL or SKIP. */
export function formatTargets(outcomes: readonly TargetOutcome[]): string {
  const width = Math.max(...outcomes.map((o) => o.target.length))
  const lines = ['', '== targets (mixed stream; time ratio = ours / baseline, lower is better) ==']
  for (const o of outcomes) lines.push(`${o.status.padEnd(4)}  ${o.target.padEnd(width)}  ${o.measured}${o.note === undefined ? '' : `  (${o.note})`}`)
  return lines.join('\n')
}
