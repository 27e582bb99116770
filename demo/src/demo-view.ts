// The views' shared contract, and the two pure compositions they print: the full frame of
// the terminal view, and the status line of the plain view.
import type { DemoEvent } from './demo-event.js'
import type { DemoSetup, DemoSnapshot } from './demo-snapshot.js'
import { formatCount, formatStamp } from './format.js'
import { renderFaultLines } from './render-faults.js'
import { renderHeader } from './render-header.js'
import { renderIdentifyLine } from './render-identify.js'
import { renderShardTable } from './render-shards.js'
import { renderWorkerLines } from './render-workers.js'

/** Where the demo shows itself: a redrawn terminal view, or progressive plain lines. */
export interface DemoView {
  /** The setup is known (after `GET /gateway/bot`): the run begins. */
  begin(setup: DemoSetup): void
  /** A notable event happened. */
  event(event: DemoEvent): void
  /** A fresh snapshot, every refresh interval. */
  update(snapshot: DemoSnapshot): void
  /** The run ended: prints the summary under what is shown. */
  finish(summary: readonly string[]): void
}

/** The terminal view's whole frame, with the latest notable events (`log`, oldest first) under it. */
export function renderFrame(snapshot: DemoSnapshot, log: readonly string[]): string[] {
  return [
    ...renderHeader(snapshot.setup, snapshot.elapsedMs),
    renderIdentifyLine(snapshot.identify, snapshot.allReadyAtMs, snapshot.setup.shards),
    '',
    ...renderShardTable(snapshot.shards),
    '',
    ...renderWorkerLines(snapshot.workers),
    ...(snapshot.faults.length === 0 ? [] : ['', ...renderFaultLines(snapshot.faults)]),
    '',
    `delivered ${formatCount(snapshot.delivered)} dispatches · ${formatCount(snapshot.eventsPerSecond)}/s to the main thread`,
    ...log,
    'Ctrl-C stops early, with the summary',
  ]
}

/** The plain view's periodic status line. */
export function renderStatusLine(snapshot: DemoSnapshot): string {
  const up = snapshot.workers.filter((worker) => worker.alive).length
  const ready = snapshot.shards.filter((shard) => shard.status === 'ready').length
  const injected = snapshot.faults.filter((row) => row.state.kind === 'injected' || row.state.kind === 'recovered').length
  const recovered = snapshot.faults.filter((row) => row.state.kind === 'recovered').length
  const parts = [
    `${formatStamp(snapshot.elapsedMs)} status`,
    snapshot.allReadyAtMs === null ? renderIdentifyLine(snapshot.identify, null, snapshot.setup.shards) : `ready ${ready}/${snapshot.shards.length}`,
    `workers ${up}/${snapshot.workers.length} up`,
    `${formatCount(snapshot.eventsPerSecond)} events/s to main`,
    `delivered ${formatCount(snapshot.delivered)}`,
  ]
  if (snapshot.faults.length > 0) parts.push(`faults ${injected}/${snapshot.faults.length} injected, ${recovered} recovered`)
  return parts.join(' · ')
}

