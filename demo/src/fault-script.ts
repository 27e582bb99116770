// The faults the demo injects, as a pure table: when (a share of the time left once every
// shard is ready) and what. Scaling with the run keeps a short run injecting all of them.

/** One fault the demo injects. */
export type DemoFault =
  /** The simulator stops acknowledging the shard's heartbeats; the shard must notice and resume. */
  | { readonly kind: 'zombie'; readonly shardId: number }
  /** The simulator sends op 7 Reconnect; the shard must resume. */
  | { readonly kind: 'reconnect'; readonly shardId: number }
  /** The worker thread is terminated; the manager must restart it and its shards resume. */
  | { readonly kind: 'kill-worker'; readonly workerId: number }

/** A fault and when it fires, in milliseconds after every shard first became ready. */
export interface ScheduledDemoFault {
  readonly atMs: number
  readonly fault: DemoFault
}

// The zombie goes first: noticing it takes up to two heartbeat intervals. The last fault
// fires before half the time is gone, so that each has the rest of the run to recover.
const faultTimes = {
  zombie: 0.1,
  reconnect: 0.25,
  'kill-worker': 0.4,
} as const satisfies Record<DemoFault['kind'], number>

/** The shortest time left after start-up in which the faults still have room to recover. */
export const minFaultWindowMs = 8000

/**
 * The demo's fault schedule for a run with `windowMs` left once every shard is ready, over the
 * manager's worker plan (`plan[workerId]` = that worker's shard ids). The last worker is
 * killed; the zombie and op 7 hit the first worker's shards, so each recovery is seen on its
 * own. Empty when the window is shorter than {@link minFaultWindowMs}.
 */
export function faultScript(windowMs: number, plan: readonly (readonly number[])[]): ScheduledDemoFault[] {
  const first = plan[0]
  if (!(windowMs >= minFaultWindowMs) || first === undefined || first.length === 0) return []
  const faults: DemoFault[] = [
    { kind: 'zombie', shardId: first[0]! },
    { kind: 'reconnect', shardId: first[1 % first.length]! },
    { kind: 'kill-worker', workerId: plan.length - 1 },
  ]
  return faults.map((fault) => ({ atMs: Math.round(windowMs * faultTimes[fault.kind]), fault }))
}

/** The shards a fault interrupts: they must resume (or start anew) for it to count as survived. */
export function faultShards(fault: DemoFault, plan: readonly (readonly number[])[]): readonly number[] {
  switch (fault.kind) {
    case 'zombie':
    case 'reconnect':
      return [fault.shardId]
    case 'kill-worker':
      return plan[fault.workerId] ?? []
  }
}

/** A short human description of a fault. */
export function describeFault(fault: DemoFault): string {
  switch (fault.kind) {
    case 'zombie':
      return `zombie connection on shard ${fault.shardId} (heartbeats no longer acknowledged)`
    case 'reconnect':
      return `op 7 Reconnect on shard ${fault.shardId}`
    case 'kill-worker':
      return `worker ${fault.workerId} killed (thread.terminate())`
  }
}
