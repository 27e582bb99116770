import type { FaultRow } from './demo-snapshot.js'
import { describeFault } from './fault-script.js'
import { formatSeconds } from './format.js'

/** One line per fault: what it is and where it stands (times since the start of the run). */
export function renderFaultLines(rows: readonly FaultRow[]): string[] {
  return rows.map(({ fault, state }) => {
    const what = describeFault(fault)
    switch (state.kind) {
      case 'waiting':
        return `fault  ${what}: scheduled once every shard is ready`
      case 'scheduled':
        return `fault  ${what}: at ${formatSeconds(state.atMs)}`
      case 'injected':
        return `fault  ${what}: injected at ${formatSeconds(state.atMs)}, recovering…`
      case 'recovered':
        return `fault  ${what}: injected at ${formatSeconds(state.atMs)}, recovered in ${formatSeconds(state.afterMs)}`
      case 'missed':
        return `fault  ${what}: at ${formatSeconds(state.atMs)} it hit no connection`
    }
  })
}
