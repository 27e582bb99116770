// What every benchmark says about the machine it ran on: the line it prints first, the fields of
// its JSON report, and a warning when other work competed for the CPU.
import { cpus } from 'node:os'

/** The runtime, CPU and time, with the load average at the start. */
export function machineLine(loadBefore: number): string {
  return `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${new Date().toISOString()}, load average ${loadBefore.toFixed(2)}`
}

/** The machine fields of a JSON report. */
export function machineFacts(loadBefore: number, loadAfter: number): { node: string; cpu: string; cores: number; date: string; loadAverage: { before: number; after: number } } {
  return { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, date: new Date().toISOString(), loadAverage: { before: loadBefore, after: loadAfter } }
}

/** A note to print when the load average passed the core count during the run, else null. */
export function loadNote(loadBefore: number, loadAfter: number): string | null {
  if (Math.max(loadBefore, loadAfter) <= cpus().length) return null
  return `\nnote: load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)} on ${cpus().length} cores: other work competed for the CPU, so figures are noisy`
}
