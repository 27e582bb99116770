import { readFileSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import type { PayloadTimings } from '@shardwire/core'
import type { WorkerResources } from '../bridge/bridge-api.js'

type ThreadCpuUsage = () => NodeJS.CpuUsage

// /proc reports times in USER_HZ, which the kernel fixes at 100 on every architecture Node runs on.
const ticksPerSecond = 100

/**
 * This thread's CPU time (user + system) since it started, in µs: `process.threadCpuUsage()`
 * where the runtime has it (Node ≥ 23.9), else `/proc/thread-self/stat` (Linux; 10 ms
 * resolution). `process.cpuUsage()` would not do: in a worker it is the whole process's.
 * -1 where neither exists.
 */
export function threadCpuMicros(): number {
  const threadCpuUsage = (process as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage
  if (threadCpuUsage !== undefined) {
    const { user, system } = threadCpuUsage.call(process)
    return user + system
  }
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8')
    // The command name may hold spaces; utime and stime are fields 14 and 15, counted from 1.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond
  } catch {
    return -1
  }
}

/** This thread's CPU time and V8 heap now. */
export function readWorkerResources(): WorkerResources {
  return { cpuMicros: threadCpuMicros(), heapUsedBytes: getHeapStatistics().used_heap_size }
}

/** `a + b`, field by field. */
export function addPayloadTimings(a: PayloadTimings, b: PayloadTimings): PayloadTimings {
  return {
    frames: a.frames + b.frames,
    decompressMicros: a.decompressMicros + b.decompressMicros,
    messages: a.messages + b.messages,
    decodeMicros: a.decodeMicros + b.decodeMicros,
  }
}

/** No time spent yet. */
export const noPayloadTimings: PayloadTimings = { frames: 0, decompressMicros: 0, messages: 0, decodeMicros: 0 }
