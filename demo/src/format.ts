// Small number formatters shared by the renderers.

/** Seconds with one decimal: `3.1 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** A run time stamp: `[ 12.3 s]`. */
export function formatStamp(ms: number): string {
  return `[${(ms / 1000).toFixed(1).padStart(5)} s]`
}

/** Milliseconds, rounded below 10 to one decimal: `0.4 ms`, `12 ms`. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`
}

/** An integer with thousands separators: `12,345`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

/** Bytes in MB with one decimal. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

/** A share as a percentage, with a decimal below 10%: `0.4%`, `12%`. */
export function formatShare(share: number): string {
  const percent = share * 100
  return percent < 10 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`
}

/** Shard ids as ranges: `0-3, 8`. */
export function formatIds(ids: readonly number[]): string {
  const parts: string[] = []
  for (let i = 0; i < ids.length; i++) {
    let j = i
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++
    parts.push(j === i ? String(ids[i]) : `${ids[i]}-${ids[j]}`)
    i = j
  }
  return parts.join(', ')
}

/** The placeholder for an unknown figure. */
export const unknown = '–'
