// The parent side of ownership-peer-child.ts: a RedisShardOwnership in another OS process.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { LeaseLossReason, RedisShardOwnershipOptions } from '../src/index.js'

/** What the parent asks the child. */
export type OwnershipCommand = { readonly type: 'start' } | { readonly type: 'busy'; readonly ms: number }

/** What the child tells the parent; `at` is the child's `Date.now()` (one machine: one clock). */
export type OwnershipReport =
  | { readonly type: 'ready'; readonly memberId: string }
  | { readonly type: 'failed'; readonly code: string }
  | { readonly type: 'error'; readonly code: string }
  | { readonly type: 'claimed'; readonly shardId: number; readonly token: number; readonly at: number }
  | { readonly type: 'released' | 'beforeRelease'; readonly shardId: number; readonly at: number }
  | { readonly type: 'lost'; readonly shardId: number; readonly reason: LeaseLossReason; readonly at: number }
  | { readonly type: 'handover'; readonly shardId: number; readonly to: string; readonly at: number }

/** A member in a child process. */
export interface OwnershipPeer {
  readonly memberId: string
  /** Everything the child reported, in order. */
  readonly reports: OwnershipReport[]
  /** The shards it owns now, by its reports. */
  owned(): Set<number>
  start(): void
  /** Blocks the child's event loop for `ms`. */
  busy(ms: number): void
  /** SIGSTOP / SIGCONT: the whole process stops, as in a long pause. */
  pause(): void
  resume(): void
  /** SIGKILL: the child dies holding its leases. */
  crash(): Promise<void>
  /** Lets the child release its leases and exit. */
  close(): Promise<void>
}

const childUrl = fileURLToPath(new URL('./ownership-peer-child.ts', import.meta.url))

/** Starts a child process with a member on `options`, resolved once it is connected (not started). */
export async function forkOwnershipPeer(options: RedisShardOwnershipOptions): Promise<OwnershipPeer> {
  const child = fork(childUrl, [], {
    execArgv: ['--conditions=shardwire-source', '--import', 'tsx'],
    env: { ...process.env, SHARDWIRE_OWNERSHIP_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const reports: OwnershipReport[] = []
  const memberId = await new Promise<string>((resolve, reject) => {
    child.on('message', (report: OwnershipReport) => {
      reports.push(report)
      if (report.type === 'ready') resolve(report.memberId)
      else if (report.type === 'failed') reject(new Error(`peer failed to start: ${report.code}`))
    })
    child.once('exit', (code) => reject(new Error(`peer exited with ${String(code)} before it was ready`)))
  })
  const exited = once(child, 'exit')
  const alive = (): boolean => child.exitCode === null && child.signalCode === null
  return {
    memberId,
    reports,
    owned: () => {
      const owned = new Set<number>()
      for (const report of reports) {
        if (report.type === 'claimed') owned.add(report.shardId)
        else if (report.type === 'released' || report.type === 'lost') owned.delete(report.shardId)
      }
      return owned
    },
    start: () => child.send({ type: 'start' } satisfies OwnershipCommand),
    busy: (ms) => child.send({ type: 'busy', ms } satisfies OwnershipCommand),
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    crash: async () => {
      if (alive()) {
        child.kill('SIGKILL')
        await exited
      }
    },
    close: async () => {
      if (alive()) {
        child.kill('SIGCONT')
        child.disconnect()
        await exited
      }
    },
  }
}
