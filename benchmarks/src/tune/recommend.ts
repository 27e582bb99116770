// The recommendation of `pnpm tune`: a pure function of the measured rows, so that tests can
// feed it made-up figures and nothing here ever times anything.
import type { Compression, EncodingName } from '@shardwire/core'

/** What the user cares about most: `balanced` unless `--prefer` says otherwise. */
export type Preference = 'balanced' | 'cpu' | 'bandwidth'

/** One encoding × compression pair as measured (or not) on this runtime. */
export interface TuneRow {
  readonly encoding: EncodingName
  readonly compression: Compression
  /** The decompression backend measured (`node:zlib`, `zlib-sync`, `fzstd`), or null without one. */
  readonly backend: string | null
  /** `json + zlib-stream`, with ` [backend]` where several backends are measured. */
  readonly label: string
  /** CPU time to decompress and decode one event, in microseconds; null when not measured. */
  readonly usPerEvent: number | null
  /** Bytes received per event on the wire (frame payloads); null when not measured. */
  readonly bytesPerEvent: number | null
  /**
   * Whether `ShardManager({ encoding, compression })` gets exactly this row here: false for a
   * backend the runtime would not pick (fzstd where native zstd exists), shown for comparison.
   */
  readonly selectable: boolean
  /** Why the row could not be measured here (`unavailable on Node 20.20.2`…). */
  readonly unavailable?: string
}

/** What the recommendation knows of the runtime, for its wording. */
export interface RuntimeFacts {
  /** `process.versions.node`. */
  readonly node: string
  /** Whether node:zlib has zstd (Node 22.15 and later). */
  readonly nativeZstd: boolean
}

/** The pair to use, and why, in words computed from the figures. */
export interface Recommendation {
  readonly row: TuneRow
  readonly preference: Preference
  /** The rule applied, in words. */
  readonly rule: string
  /** Why this pair, with the figures that decided it. */
  readonly reason: string
  /** The manager options that select it. */
  readonly options: { readonly encoding: EncodingName; readonly compression: Compression }
}

/**
 * The thresholds of the rule. Balanced: start from the cheapest CPU among transport-compressed
 * pairs (zlib-stream, zstd-stream: what most bots should run, since uncompressed JSON costs
 * several times the bandwidth); switch to another pair only if it saves at least
 * `minBandwidthSaving` of the bytes for at most `maxCpuIncrease` more CPU, because CPU per event
 * is what limits shards per core and bandwidth is cheap until it is not. Figures closer than
 * `noise` are treated as equal (then the other figure decides), since timings on a shared
 * machine move by a few percent from run to run.
 */
export const recommendationRule = {
  minBandwidthSaving: 0.1,
  maxCpuIncrease: 0.25,
  noise: 0.05,
} as const satisfies Record<string, number>

type Measured = TuneRow & { readonly usPerEvent: number; readonly bytesPerEvent: number }

const isTransport = (row: TuneRow): boolean => row.compression === 'zlib-stream' || row.compression === 'zstd-stream'
const pct = (fraction: number): string => `${Math.round(fraction * 100)}%`
const times = (ratio: number): string => `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x`
const by = <K extends 'usPerEvent' | 'bytesPerEvent'>(key: K) => (a: Measured, b: Measured): number => a[key] - b[key]

/** The best row by `first`, where rows within the noise margin of it are decided by `second`. */
function bestOf(rows: readonly Measured[], first: 'usPerEvent' | 'bytesPerEvent', second: 'usPerEvent' | 'bytesPerEvent'): Measured {
  const sorted = [...rows].sort(by(first))
  const top = sorted[0] as Measured
  const close = sorted.filter((row) => row[first] <= top[first] * (1 + recommendationRule.noise))
  return [...close].sort(by(second))[0] as Measured
}

/** `json + zstd-stream [fzstd]` costs 9.1x the CPU of `etf + zlib-stream`… */
function compareCpu(a: Measured, b: Measured): string {
  return `${a.label} costs ${times(a.usPerEvent / b.usPerEvent)} the CPU of ${b.label}`
}

function compareBytes(a: Measured, b: Measured): string {
  const saving = 1 - a.bytesPerEvent / b.bytesPerEvent
  return saving >= 0 ? `${pct(saving)} less bandwidth` : `${pct(-saving)} more bandwidth`
}

/** The rule applied for `preference`, in one sentence. */
export function describeRule(preference: Preference): string {
  const { minBandwidthSaving, maxCpuIncrease, noise } = recommendationRule
  switch (preference) {
    case 'balanced':
      return `the cheapest CPU among transport-compressed pairs, unless another pair saves >= ${pct(minBandwidthSaving)} bandwidth for <= ${pct(maxCpuIncrease)} more CPU (figures within ${pct(noise)} count as equal)`
    case 'cpu':
      return `the least CPU per event of all pairs (within ${pct(noise)}, the fewer bytes)`
    case 'bandwidth':
      return `the fewest bytes per event of all pairs (within ${pct(noise)}, the less CPU)`
  }
}

/**
 * Picks the encoding and compression to use from the measured rows (see
 * {@link recommendationRule} for the balanced rule), and says why with the figures. Only rows
 * that are measured and selectable on this runtime compete. Returns null when none is.
 */
export function recommend(rows: readonly TuneRow[], preference: Preference, runtime: RuntimeFacts): Recommendation | null {
  const candidates = rows.filter((row): row is Measured => row.selectable && row.usPerEvent !== null && row.bytesPerEvent !== null && row.usPerEvent > 0 && row.bytesPerEvent > 0)
  if (candidates.length === 0) return null
  const major = runtime.node.split('.')[0]
  const where = `On Node ${major} ${runtime.nativeZstd ? 'with' : 'without'} native zstd`
  const smallest = bestOf(candidates, 'bytesPerEvent', 'usPerEvent')
  const cheapest = bestOf(candidates, 'usPerEvent', 'bytesPerEvent')
  let row: Measured
  let reason: string
  if (preference === 'cpu') {
    row = cheapest
    reason = `${where}, ${row.label} costs the least CPU (${row.usPerEvent.toFixed(2)} µs per event)`
    reason += row === smallest ? ' and sends the fewest bytes' : `, for ${times(row.bytesPerEvent / smallest.bytesPerEvent)} the bandwidth of ${smallest.label}`
  } else if (preference === 'bandwidth') {
    row = smallest
    reason = `${where}, ${row.label} sends the fewest bytes (${row.bytesPerEvent.toFixed(0)} B per event)`
    reason += row === cheapest ? ' and costs the least CPU' : `, for ${times(row.usPerEvent / cheapest.usPerEvent)} the CPU of ${cheapest.label}`
  } else {
    const transport = candidates.filter(isTransport)
    const pool = transport.length > 0 ? transport : candidates
    const base = bestOf(pool, 'usPerEvent', 'bytesPerEvent')
    const { minBandwidthSaving, maxCpuIncrease } = recommendationRule
    const better = candidates
      .filter((r) => r !== base && r.bytesPerEvent <= base.bytesPerEvent * (1 - minBandwidthSaving) && r.usPerEvent <= base.usPerEvent * (1 + maxCpuIncrease))
      .sort(by('bytesPerEvent'))[0]
    if (better !== undefined) {
      row = better
      reason = `${where}, ${row.label} saves ${pct(1 - row.bytesPerEvent / base.bytesPerEvent)} bandwidth over ${base.label} for ${times(row.usPerEvent / base.usPerEvent)} its CPU: use ${row.label}`
    } else {
      row = base
      // The pair that would have saved the most bandwidth, and what it would have cost.
      const rival = [...candidates].filter((r) => r !== base && r.bytesPerEvent < base.bytesPerEvent).sort(by('bytesPerEvent'))[0]
      reason = rival === undefined
        ? `${where}, ${row.label} costs the least CPU of the transport-compressed pairs and no pair sends fewer bytes: use ${row.label}`
        : `${where}, ${compareCpu(rival, base)} for ${compareBytes(rival, base)}: use ${row.label}`
      if (transport.length === 0) reason += ' (no transport compression could be measured here)'
    }
    if (cheapest !== row && !isTransport(cheapest)) {
      reason += `. ${cheapest.label} would cost ${pct(1 - cheapest.usPerEvent / row.usPerEvent)} less CPU but ${times(cheapest.bytesPerEvent / row.bytesPerEvent)} the bandwidth`
    }
  }
  return { row, preference, rule: describeRule(preference), reason, options: { encoding: row.encoding, compression: row.compression } }
}
