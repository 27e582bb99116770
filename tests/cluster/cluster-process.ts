// The parent side of cluster-child.ts: one bot process in its own OS process. Not a test file itself.
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

/** What the parent tells a child at start, through its environment. */
export interface ClusterChildOptions {
  readonly restUrl: string
  readonly redisUrl: string
  readonly keyPrefix: string
  readonly shardCount: number
  readonly shardIds: readonly number[]
  readonly shardsPerWorker: number
  readonly maxConcurrency: number
  readonly queueWindowMs: number
  readonly sessionFlushMs: number
  /** Hold identify requests until {@link ClusterProcess.race}. */
  readonly startGate: boolean
  /**
   * Cluster mode: the manager takes `cluster: redisCluster(…)` with these lease timings and claims
   * its shards from all `shardCount` (`shardIds` is ignored); otherwise it runs `shardIds` with a
   * RedisIdentifyQueue and a RedisSessionStore of its own.
   */
  readonly cluster?: {
    readonly leaseMs: number
    readonly renewIntervalMs: number
    readonly safetyMarginMs: number
    /** The cluster's cold-start cooldown (queue and leases); off unless set, since these tests start on an empty prefix together. */
    readonly coldStartCooldown?: boolean
  }
  /** The Redis reconnect backoff of every connection of the child; the library's default unless set. */
  readonly redisBackoff?: { readonly baseMs: number; readonly maxMs: number }
}

/** A dispatch one process delivered, tagged with its session. */
export interface DeliveredDispatch {
  readonly shardId: number
  readonly sessionId: string
  readonly s: number | null
  readonly t: string
}

/** What the parent asks a child. */
export type ChildCommand = { readonly type: 'go' } | { readonly type: 'race' } | { readonly type: 'sync'; readonly id: number } | { readonly type: 'stop' }

/** What a child tells the parent. */
export type ChildReport =
  | { readonly type: 'waiting' }
  | { readonly type: 'saved'; readonly shardId: number; readonly sessionId: string | null; readonly sequence: number | null }
  | { readonly type: 'ready'; readonly shardId: number; readonly sessionId: string; readonly at: number }
  | { readonly type: 'resumed'; readonly shardId: number; readonly at: number }
  | { readonly type: 'atStartLine'; readonly shardId: number }
  | { readonly type: 'granted'; readonly shardId: number; readonly at: number }
  | { readonly type: 'connected'; readonly at: number }
  | { readonly type: 'dispatches'; readonly dispatches: readonly DeliveredDispatch[] }
  | { readonly type: 'synced'; readonly id: number }
  | { readonly type: 'error'; readonly shardId: number | null; readonly code: string; readonly message: string }
  | { readonly type: 'ownership'; readonly shardId: number; readonly owned: boolean; readonly reason: string; readonly at: number }
  | { readonly type: 'debug'; readonly message: string; readonly at: number }
  | { readonly type: 'stopped' }

/** One bot process, as the parent sees it. */
export interface ClusterProcess {
  readonly shardIds: readonly number[]
  readonly saved: Map<number, { sessionId: string | null; sequence: number | null }>
  readonly readies: { shardId: number; sessionId: string; at: number }[]
  readonly resumes: { shardId: number; at: number }[]
  /** Shards whose identify request waits at the start line. */
  readonly atStartLine: number[]
  /** Identify permits Redis granted, with Redis's time. */
  readonly grants: { shardId: number; at: number }[]
  readonly delivered: DeliveredDispatch[]
  readonly errors: string[]
  /** Cluster mode: the shards this process runs now, and every claim and loss in order. */
  readonly owned: Set<number>
  readonly ownership: { shardId: number; owned: boolean; reason: string; at: number }[]
  /** The manager's `debug` messages (cluster notices among them), in order. */
  readonly debugs: { message: string; at: number }[]
  /** When `connect()` resolved in the child (every shard ready or resumed), or null. */
  connectedAt: number | null
  /** Starts the manager. */
  go(): void
  /** Lets the identify requests held at the start line go to Redis. */
  race(): void
  /** Resolves once the child has sent everything it delivered so far. */
  sync(): Promise<void>
  /** SIGKILL: the process dies with its sessions open and its last saves wherever they got. */
  crash(): Promise<void>
  /** SIGSTOP, then SIGCONT after `ms`: a process paused (a long GC, a frozen VM) with its sockets open. */
  pause(ms: number): Promise<void>
  /** Stops the manager (sessions kept resumable), closes Redis and waits for the exit. */
  stop(): Promise<void>
}

const childPath = fileURLToPath(new URL('./cluster-child.ts', import.meta.url))

/** Forks a bot process; resolves once it is connected to Redis and waits for `go()`. */
export async function forkClusterProcess(options: ClusterChildOptions): Promise<ClusterProcess> {
  const child: ChildProcess = fork(childPath, [], {
    execArgv: ['--conditions=shardwire-source', '--import', 'tsx'],
    env: { ...process.env, SHARDWIRE_CLUSTER_CHILD: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = once(child, 'exit')
  const syncs = new Map<number, () => void>()
  let syncIds = 0
  const alive = (): boolean => child.exitCode === null && child.signalCode === null
  const proc: ClusterProcess = {
    shardIds: options.shardIds,
    saved: new Map(),
    readies: [],
    resumes: [],
    grants: [],
    atStartLine: [],
    delivered: [],
    errors: [],
    owned: new Set(),
    ownership: [],
    debugs: [],
    connectedAt: null,
    go: () => void child.send({ type: 'go' } satisfies ChildCommand),
    race: () => void child.send({ type: 'race' } satisfies ChildCommand),
    sync: () => new Promise<void>((resolve) => {
      const id = ++syncIds
      syncs.set(id, resolve)
      child.send({ type: 'sync', id } satisfies ChildCommand)
    }),
    crash: async () => {
      if (!alive()) return
      child.kill('SIGKILL')
      await exited
    },
    pause: async (ms) => {
      if (!alive()) return
      child.kill('SIGSTOP')
      await new Promise((resolve) => setTimeout(resolve, ms))
      child.kill('SIGCONT')
    },
    stop: async () => {
      if (!alive()) return
      child.send({ type: 'stop' } satisfies ChildCommand)
      // A child that hangs on its way out is killed rather than holding the test up.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
  await new Promise<void>((resolve, reject) => {
    child.on('message', (report: ChildReport) => {
      switch (report.type) {
        case 'waiting': resolve(); break
        case 'saved': proc.saved.set(report.shardId, { sessionId: report.sessionId, sequence: report.sequence }); break
        case 'ready': proc.readies.push({ shardId: report.shardId, sessionId: report.sessionId, at: report.at }); break
        case 'resumed': proc.resumes.push({ shardId: report.shardId, at: report.at }); break
        case 'atStartLine': proc.atStartLine.push(report.shardId); break
        case 'granted': proc.grants.push({ shardId: report.shardId, at: report.at }); break
        case 'connected': proc.connectedAt = report.at; break
        case 'dispatches': proc.delivered.push(...report.dispatches); break
        case 'synced': syncs.get(report.id)?.(); syncs.delete(report.id); break
        case 'error': proc.errors.push(`shard ${String(report.shardId)}: ${report.code} ${report.message}`); break
        case 'ownership':
          proc.ownership.push({ shardId: report.shardId, owned: report.owned, reason: report.reason, at: report.at })
          if (report.owned) proc.owned.add(report.shardId)
          else proc.owned.delete(report.shardId)
          break
        case 'debug': proc.debugs.push({ message: report.message, at: report.at }); break
        case 'stopped': break
      }
    })
    child.once('exit', (code) => reject(new Error(`cluster process exited with ${String(code)} before it was ready`)))
  })
  return proc
}
