// What `pnpm bench:identify` and its bot processes (identify-process.ts) say to each other.

/** A bot process's start-up options, passed as its first argument (JSON). */
export interface IdentifyProcessOptions {
  readonly token: string
  readonly restUrl: string
  readonly redisUrl: string
  readonly keyPrefix: string
  readonly shardCount: number
  readonly shardIds: readonly number[]
  readonly shardsPerWorker: number
  readonly maxConcurrency: number
  readonly queueWindowMs: number
}

/** Parent to process. */
export type IdentifyProcessCommand = { readonly type: 'go' } | { readonly type: 'stop' }

/** Process to parent. */
export type IdentifyProcessReport =
  | { readonly type: 'waiting' }
  | { readonly type: 'ready'; readonly shardId: number; readonly at: number }
  /** Redis granted `shardId` a permit at `at` (Redis TIME, the host's clock). */
  | { readonly type: 'granted'; readonly shardId: number; readonly at: number }
  | { readonly type: 'connected'; readonly at: number }
  | { readonly type: 'error'; readonly message: string }
