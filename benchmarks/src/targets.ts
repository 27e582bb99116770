import type { CaseResult } from './bench-runner.js'
import { rowNames } from './row-names.js'

/** A performance target and how it came out in this run. */
export interface TargetOutcome {
  target: string
  /** The measured figure, as stated in the target (a speed-up or a time ratio). */
  measured: string
  /** INFO lines state a comparison worth knowing that has no target. */
  status: 'PASS' | 'FAIL' | 'SKIP' | 'INFO'
  note?: string
}

/** What the targets need to know beyond the rows: which of our rows to judge. */
export interface TargetContext {
  /** Rows of our native zlib-stream backends, each with the raw zlib-sync row of the same output type. */
  zlib: Array<{ row: string; baseline: string }>
  /** Rows of our zstd decompressor on the native path. */
  zstdNative: string[]
  nodeMajor: number
  /** Further comparisons to state (as speed-ups of `ours` over `other`), without a target. */
  info: Array<{ ours: string; other: string }>
}

function row(results: readonly CaseResult[], name: string): CaseResult | undefined {
  return results.find((r) => r.name === name && r.corpus === 'mixed')
}

function speedUp(target: string, results: readonly CaseResult[], ours: string, other: string, atLeast: number): TargetOutcome {
  const a = row(results, ours)
  const b = row(results, other)
  if (a === undefined || b === undefined) return { target, measured: '-', status: 'SKIP', note: `no row ${a === undefined ? ours : other} on this runtime` }
  const value = b.usPerEvent / a.usPerEvent
  return { target, measured: `${value.toFixed(2)}x`, status: value >= atLeast ? 'PASS' : 'FAIL' }
}

function timeRatio(target: string, results: readonly CaseResult[], ours: string, other: string, atMost: number): TargetOutcome {
  const a = row(results, ours)
  const b = row(results, other)
  if (a === undefined || b === undefined) return { target, measured: '-', status: 'SKIP', note: `no row ${a === undefined ? ours : other} on this runtime` }
  const value = a.usPerEvent / b.usPerEvent
  return { target, measured: `${value.toFixed(2)}x time`, status: value <= atMost ? 'PASS' : 'FAIL' }
}

/** Judges each target of the codec layer against the rows measured on the mixed stream. */
export function evaluateTargets(results: readonly CaseResult[], context: TargetContext): TargetOutcome[] {
  const outcomes = [
    speedUp('ETF decode (ours) >= 2.5x native erlpack', results, rowNames.decodeEtf, rowNames.erlpack, 2.5),
    speedUp('ETF decode (ours) >= 0.85x TextDecoder + JSON.parse', results, rowNames.decodeEtf, rowNames.textDecoderJson, 0.85),
  ]
  const zlibSyncRows: readonly string[] = [rowNames.zlibSyncString, rowNames.zlibSyncBuffer]
  const zlibTargets = context.zlib.filter((z) => zlibSyncRows.includes(z.baseline))
  if (zlibTargets.length === 0) {
    outcomes.push({ target: 'zlib-stream (ours) <= 1.1x raw zlib-sync time', measured: '-', status: 'SKIP', note: 'zlib-sync does not load here' })
  }
  for (const { row: ours, baseline } of zlibTargets) {
    outcomes.push(timeRatio(`${ours} <= 1.1x ${baseline} time`, results, ours, baseline, 1.1))
  }
  if (context.nodeMajor < 24 || context.zstdNative.length === 0) {
    const note = context.nodeMajor < 24 ? `Node ${context.nodeMajor}: run on Node 24 for this target` : 'no native zstd backend in @shardwire/core here'
    outcomes.push({ target: 'zstd-stream native (ours) <= 1.2x raw sync native zstd time', measured: '-', status: 'SKIP', note })
  }
  for (const ours of context.nodeMajor < 24 ? [] : context.zstdNative) {
    outcomes.push(timeRatio(`${ours} <= 1.2x ${rowNames.nativeZstdSync} time`, results, ours, rowNames.nativeZstdSync, 1.2))
  }
  for (const { ours, other } of context.info) {
    const a = row(results, ours)
    const b = row(results, other)
    if (a !== undefined && b !== undefined) {
      outcomes.push({ target: `${ours} vs ${other}`, measured: `${(b.usPerEvent / a.usPerEvent).toFixed(2)}x speed`, status: 'INFO' })
    }
  }
  return outcomes
}
