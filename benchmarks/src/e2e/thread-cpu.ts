import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

type ThreadCpuUsage = () => NodeJS.CpuUsage

let clockTicks: number | null = null

function ticksPerSecond(): number {
  if (clockTicks !== null) return clockTicks
  try {
    clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    clockTicks = 100
  }
  return clockTicks
}

/**
 * CPU time of the main thread so far, in µs: `process.threadCpuUsage()` where the runtime has
 * it (Node ≥ 23.9), else utime + stime of the main thread's `/proc/self/task/<pid>/stat` (Linux,
 * clock-tick resolution). Null when neither is available.
 */
export function mainThreadCpuUs(): number | null {
  const threadCpuUsage = (process as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage
  if (threadCpuUsage !== undefined) {
    const { user, system } = threadCpuUsage.call(process)
    return user + system
  }
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1e6) / ticksPerSecond()
  } catch {
    return null
  }
}
