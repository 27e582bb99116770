import type { IdentifyProgress } from './identify-progress.js'
import { formatSeconds } from './format.js'

/**
 * The start-up line: `identifying 8/16 · bucket 2 · next in 3.1 s` while shards identify,
 * then `all 16 shards ready in 15.9 s`.
 */
export function renderIdentifyLine(progress: IdentifyProgress | null, allReadyAtMs: number | null, shards: number): string {
  if (allReadyAtMs !== null) return `all ${shards} shards ready in ${formatSeconds(allReadyAtMs)}`
  if (progress === null) return 'fetching GET /gateway/bot…'
  const head = `identifying ${progress.settled}/${progress.total}`
  if (progress.bucket === null || progress.nextInMs === null) return `${head} · waiting for READY`
  const next = progress.nextInMs === 0 ? 'next now' : `next in ${formatSeconds(progress.nextInMs)}`
  return `${head} · bucket ${progress.bucket} · ${next}`
}
