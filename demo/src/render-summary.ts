import type { DemoSummary } from './demo-snapshot.js'
import { formatCount, formatSeconds } from './format.js'

/** Faults that hit a connection (or a worker), and how many of those were recovered from. */
export function faultTally(summary: DemoSummary): { readonly injected: number; readonly survived: number; readonly missed: number } {
  let injected = 0
  let survived = 0
  let missed = 0
  for (const { state } of summary.faults) {
    if (state.kind === 'missed') missed++
    if (state.kind === 'injected' || state.kind === 'recovered') injected++
    if (state.kind === 'recovered') survived++
  }
  return { injected, survived, missed }
}

/**
 * The demo's exit code: 0 only when nothing was lost, repeated or reordered, no rule was
 * broken and every fault injected was recovered from; 1 otherwise.
 */
export function summaryExitCode(summary: DemoSummary): 0 | 1 {
  const { loss } = summary
  const clean = loss === null || (loss.lost === 0 && loss.outOfOrder === 0 && loss.mismatched === 0)
  const lawful = (summary.identifyViolations ?? 0) === 0 && (summary.otherViolations ?? 0) === 0
  const tally = faultTally(summary)
  return clean && lawful && tally.survived === tally.injected ? 0 : 1
}

/** The summary printed at the end. */
export function renderSummary(summary: DemoSummary): string[] {
  const { loss } = summary
  const how = summary.interrupted ? 'stopped by Ctrl-C' : 'stopped after --duration'
  const lines = [`summary: ran ${formatSeconds(summary.elapsedMs)}, ${how}`, `  events delivered: ${formatCount(summary.delivered)} (to the main thread)`]
  if (loss === null) {
    lines.push('  events lost: not available live (it needs the simulator\'s records of what was sent)')
  } else {
    lines.push(`  events lost: ${formatCount(loss.lost)} (of ${formatCount(loss.sent)} the simulator sent on ${loss.sessions} sessions)`)
    const exact = loss.outOfOrder === 0 && loss.mismatched === 0
    lines.push(`  exactly once, in order: ${exact ? 'yes' : `no (${formatCount(loss.outOfOrder)} repeated or out of order, ${formatCount(loss.mismatched)} with the wrong name)`}`)
  }
  const tally = faultTally(summary)
  if (summary.faults.length === 0) lines.push(`  faults survived: none injected${summary.setup.target === 'live' ? ' (never live)' : ''}`)
  else lines.push(`  faults survived: ${tally.survived}/${tally.injected}${tally.missed > 0 ? ` (${tally.missed} hit no connection)` : ''}`)
  if (summary.identifyViolations === null) lines.push('  identify violations: not available live')
  else lines.push(`  identify violations: ${summary.identifyViolations}`, `  other rule violations: ${summary.otherViolations ?? 0}`)
  lines.push(summaryExitCode(summary) === 0 ? 'result: OK' : 'result: FAILED')
  return lines
}
