import type { DemoSetup } from './demo-snapshot.js'
import { formatSeconds } from './format.js'

/** The title line and, against the simulator, the note on its shortened heartbeat. */
export function renderHeader(setup: DemoSetup, elapsedMs: number): string[] {
  const target = setup.target === 'live' ? 'Discord (live)' : 'simulator'
  const lines = [
    `shardwire demo · ${target} · ${setup.shards} shards in ${setup.workers} workers · max_concurrency ${setup.maxConcurrency} · ` +
      `${setup.encoding}, ${setup.compression} · ${formatSeconds(elapsedMs)} of ${formatSeconds(setup.durationMs)}`,
  ]
  if (setup.heartbeatIntervalMs !== null) {
    lines.push(`simulator heartbeat_interval ${setup.heartbeatIntervalMs} ms (Discord's is about 41 s), so a zombie is caught within the run; identify windows are Discord's 5 s`)
  }
  return lines
}
