// The parent side of identify-peer-child.ts: a RedisIdentifyQueue in another OS process.
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { ShardwireError, type IdentifyQueue } from '@shardwire/core'
import type { IdentifyGrantEvent, RedisIdentifyQueueOptions } from '../src/index.js'

/** What the parent asks the child. */
export interface PeerCommand { readonly id: number; readonly shardId: number; readonly timeoutMs: number }

/** What the child tells the parent. */
export type PeerReport =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly code: string }
  | { readonly type: 'settled'; readonly id: number; readonly code: string | null }
  | ({ readonly type: 'grant' } & IdentifyGrantEvent)

/** A queue in a child process. */
export interface Peer {
  /** Asks the child's queue (signals are not carried across). */
  readonly queue: IdentifyQueue
  /** Grants the child's queue reported, with Redis's grant time. */
  readonly grants: IdentifyGrantEvent[]
  /** SIGKILL: the child dies holding whatever it holds. */
  crash(): Promise<void>
  /** Lets the child close its queue and exit. */
  close(): Promise<void>
}

const childUrl = fileURLToPath(new URL('./identify-peer-child.ts', import.meta.url))

/** Starts a child process with a queue on `options`, resolved once it is connected. */
export async function forkPeer(options: RedisIdentifyQueueOptions): Promise<Peer> {
  const child: ChildProcess = fork(childUrl, [], {
    execArgv: ['--conditions=shardwire-source', '--import', 'tsx'],
    env: { ...process.env, SHARDWIRE_PEER_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const grants: IdentifyGrantEvent[] = []
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>()
  let ids = 0
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (report: PeerReport) => {
      if (report.type === 'ready') resolve()
      else if (report.type === 'failed') reject(new Error(`peer failed to start: ${report.code}`))
      else if (report.type === 'grant') {
        const { type: _type, ...grant } = report
        grants.push(grant)
      } else {
        const call = pending.get(report.id)
        pending.delete(report.id)
        if (report.code === null) call?.resolve()
        else call?.reject(new ShardwireError(report.code as 'IDENTIFY_TIMEOUT', `peer: ${report.code}`))
      }
    })
    child.once('exit', (code) => reject(new Error(`peer exited with ${String(code)} before it was ready`)))
  })
  await ready
  const exited = once(child, 'exit')
  return {
    grants,
    queue: {
      waitForIdentify: (shardId, { timeoutMs }) => new Promise<void>((resolve, reject) => {
        const id = ++ids
        pending.set(id, { resolve, reject })
        child.send({ id, shardId, timeoutMs } satisfies PeerCommand)
      }),
    },
    crash: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exited
      }
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.disconnect()
        await exited
      }
    },
  }
}
