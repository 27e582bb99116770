import type { APIGatewayBotInfo } from 'discord-api-types/v10'
import type { Compression, EncodingName, IdentifyQueue, RetrieveSessionInfo, SessionInfo, UpdateSessionInfo } from '@shardwire/core'
import type { WorkerShardConfig } from '@shardwire/worker'
import type { ShardCluster } from './cluster/shard-cluster.js'
import type { WorkerRestartOptions } from './restart-policy.js'

/** What `GET /gateway/bot` answers: the gateway URL, the recommended shard count and the session start limit. */
export type GatewayInformation = APIGatewayBotInfo

/** Fetches {@link GatewayInformation} for `token` from the REST API at `apiBase`. */
export type FetchGatewayInformation = (token: string, apiBase: string) => Promise<GatewayInformation>

/** Where the manager keeps sessions so that shards resume after a worker restart or in a new process. */
export interface SessionStore {
  /** The saved session of shard `shardId`, or null. */
  retrieve(shardId: number): SessionInfo | null | Promise<SessionInfo | null>
  /** Saves the session of shard `shardId`, or forgets it with null. */
  update(shardId: number, info: SessionInfo | null): void | Promise<void>
}

/** The shard ids a manager runs: a list, or an inclusive range. */
export type ShardIdSelection = readonly number[] | { readonly start: number; readonly end: number }

/** Shard options passed through to every shard as they are (shrunk timings in tests, presence…). */
export type ManagerShardOptions = Omit<WorkerShardConfig, 'token' | 'shardCount' | 'intents' | 'gatewayUrl' | 'encoding' | 'compression'>

/** Options of `ShardManager`. Every option is validated by the constructor. */
export interface ShardManagerOptions {
  /** The bot token, without the `Bot ` prefix. Never appears in any event, error or debug line. */
  token: string
  /** Gateway intents, a bit field. */
  intents: number
  /**
   * The bot's total shard count.
   * @defaultValue `shards` from `GET /gateway/bot` (Discord's recommendation)
   */
  shardCount?: number
  /**
   * The shards this manager runs, a list or an inclusive `{ start, end }`.
   * @defaultValue every shard, `0` to `shardCount - 1`
   */
  shardIds?: ShardIdSelection
  /**
   * Shards per worker thread, or `'all'` for a single worker.
   * @defaultValue 16
   */
  shardsPerWorker?: number | 'all'
  /**
   * Transport or payload compression.
   * @defaultValue 'zlib-stream'
   */
  compression?: Compression
  /**
   * The wire encoding.
   * @defaultValue 'json'
   */
  encoding?: EncodingName
  /**
   * The REST API base, without a trailing slash; point it at a simulator in tests.
   * @defaultValue 'https://discord.com/api/v10'
   */
  apiBase?: string
  /**
   * Fetches `GET /gateway/bot`.
   * @defaultValue a `fetch` of `${apiBase}/gateway/bot` with `Authorization: Bot <token>`
   */
  fetchGatewayInformation?: FetchGatewayInformation
  /**
   * Builds the identify queue all workers share, once `max_concurrency` is known; a Redis-backed
   * queue plugs in here to share the limit across machines.
   * @defaultValue a `LocalIdentifyQueue` with the reported `max_concurrency` and a 5100 ms window
   */
  buildIdentifyQueue?: (options: { readonly maxConcurrency: number }) => IdentifyQueue
  /**
   * Cluster mode: several manager processes share the shards of `shardIds` (contiguous) through
   * a cluster such as `redisCluster({ url, keyPrefix })` from `@shardwire/redis`. This manager then
   * runs only the shards it claims, identifies through the cluster's shared queue, and keeps
   * sessions in the cluster's store, so that the shards of a process that dies are resumed by
   * the others. Exclusive with `buildIdentifyQueue`, `sessionStore` and the session hooks.
   * @defaultValue none: this manager runs every shard of `shardIds` itself
   */
  cluster?: ShardCluster
  /**
   * Where sessions are kept. Exclusive with the two hooks below.
   * @defaultValue kept in memory, in the manager
   */
  sessionStore?: SessionStore
  /** Loads a saved session; with {@link ShardManagerOptions.updateSessionInfo}, an alternative to `sessionStore`. */
  retrieveSessionInfo?: RetrieveSessionInfo
  /** Saves or forgets a session; with {@link ShardManagerOptions.retrieveSessionInfo}, an alternative to `sessionStore`. */
  updateSessionInfo?: UpdateSessionInfo
  /**
   * How long a call across the worker bridge may take (identify waits excepted).
   * @defaultValue 10000
   */
  rpcTimeoutMs?: number
  /**
   * A module each worker imports (a file URL or an absolute path), default-exporting
   * `defineWorkerHandlers({ … })`: its handlers receive events inside the workers, and nothing
   * crosses to the main thread per event. `on()` listeners still work beside it.
   * @defaultValue none: events are delivered on the main thread only
   */
  workerModule?: string | URL
  /**
   * Session starts never spent: once `session_start_limit.remaining` is down to this, identifies
   * wait for the reset (and `identifyWaiting` says so), keeping starts for a manual restart.
   * @defaultValue 0
   */
  sessionStartReserve?: number
  /** How a worker that died is restarted (its shards then resume their sessions). */
  workerRestart?: WorkerRestartOptions
  /**
   * Numbers in `[0, 1)` for the restart jitter; inject a seeded one for reproducible tests.
   * @defaultValue Math.random
   */
  random?: () => number
  /**
   * Passed to every shard as they are.
   * @defaultValue none
   */
  shardOptions?: ManagerShardOptions
  /**
   * Records the frames the shards receive, before decompression, for `pnpm tune --capture <path>`
   * to choose an encoding and a compression on your real event mix. Each worker writes its own
   * file, `<path>.w<workerId>` (NDJSON; see `FrameCaptureHeader` in @shardwire/worker), of at
   * most `maxBytes` (so N workers write at most N × `maxBytes`), and stops recording at the first
   * frame that would not fit. Only received frames are recorded: the token is never in them.
   * Existing files are overwritten; a restarted worker starts its file anew.
   * @defaultValue none: nothing is recorded. `maxBytes` defaults to 67108864 (64 MiB).
   */
  capture?: { readonly path: string; readonly maxBytes?: number }
}
