// The notable things that happen during a run: printed as they happen in plain mode, and
// kept as a short log under the table in the terminal view.
import type { DemoFault } from './fault-script.js'

/** One notable event; `atMs` is milliseconds since the run started. */
export type DemoEvent =
  | { readonly kind: 'shard-ready'; readonly atMs: number; readonly shardId: number; readonly workerId: number }
  | { readonly kind: 'shard-resumed'; readonly atMs: number; readonly shardId: number; readonly workerId: number; readonly replayed: number }
  | { readonly kind: 'shard-close'; readonly atMs: number; readonly shardId: number; readonly code: number; readonly reconnect: boolean }
  | { readonly kind: 'all-ready'; readonly atMs: number; readonly shards: number }
  | { readonly kind: 'worker-start'; readonly atMs: number; readonly workerId: number; readonly shardIds: readonly number[]; readonly restart: boolean }
  | { readonly kind: 'worker-exit'; readonly atMs: number; readonly workerId: number; readonly exitCode: number; readonly expected: boolean }
  | { readonly kind: 'worker-restart'; readonly atMs: number; readonly workerId: number; readonly delayMs: number; readonly attempt: number }
  | { readonly kind: 'fault-injected'; readonly atMs: number; readonly fault: DemoFault; readonly hit: boolean }
  | { readonly kind: 'fault-recovered'; readonly atMs: number; readonly fault: DemoFault; readonly afterMs: number }
  | { readonly kind: 'error'; readonly atMs: number; readonly code: string; readonly message: string; readonly shardId: number | null }
  | { readonly kind: 'note'; readonly atMs: number; readonly text: string }
