import { statSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { InvalidOptionError, type Compression, type EncodingName, type IdentifyQueue } from '@shardwire/core'
import { fetchGatewayInformation } from './fetch-gateway-information.js'
import { MemorySessionStore } from './memory-session-store.js'
import { RestartPolicy } from './restart-policy.js'
import type { ShardCluster } from './cluster/shard-cluster.js'
import type { FetchGatewayInformation, ManagerShardOptions, SessionStore, ShardIdSelection, ShardManagerOptions } from './manager-options.js'

/** {@link ShardManagerOptions} checked, with their defaults. */
export interface ResolvedManagerOptions {
  readonly token: string
  readonly intents: number
  readonly shardCount: number | null
  readonly shardIds: ShardIdSelection | undefined
  readonly shardsPerWorker: number | 'all'
  readonly compression: Compression
  readonly encoding: EncodingName
  readonly apiBase: string
  readonly fetchGatewayInformation: FetchGatewayInformation
  readonly buildIdentifyQueue: ((options: { readonly maxConcurrency: number }) => IdentifyQueue) | null
  readonly sessionStore: SessionStore
  readonly cluster: ShardCluster | null
  readonly rpcTimeoutMs: number
  readonly shardOptions: ManagerShardOptions
  readonly restartPolicy: RestartPolicy
  /** The handlers module's URL, or null. */
  readonly workerModule: string | null
  readonly sessionStartReserve: number
  /** Where workers record frames (an absolute base path), or null. `run` tells this manager's files from older ones. */
  readonly capture: { readonly path: string; readonly maxBytes: number; readonly run: string } | null
}

const compressions = ['none', 'payload', 'zlib-stream', 'zstd-stream'] as const satisfies readonly Compression[]
const encodingNames = ['json', 'etf'] as const satisfies readonly EncodingName[]

function isShardId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/**
 * Checks every option and fills in defaults.
 * @throws InvalidOptionError naming the first invalid option (never echoing the token)
 */
export function resolveManagerOptions(options: ShardManagerOptions): ResolvedManagerOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'expected an object')
  const { token, intents, shardCount, shardIds, shardsPerWorker = 16, compression = 'zlib-stream', encoding = 'json' } = options
  if (typeof token !== 'string' || token.trim() === '' || /\s/.test(token)) {
    throw new InvalidOptionError('token', 'expected a non-empty bot token without spaces (and without the `Bot ` prefix)')
  }
  if (!Number.isSafeInteger(intents) || intents < 0) throw new InvalidOptionError('intents', `expected an integer bit field >= 0, got ${describe(intents)}`)
  if (shardCount !== undefined && (!Number.isSafeInteger(shardCount) || shardCount < 1)) {
    throw new InvalidOptionError('shardCount', `expected an integer >= 1, or nothing for Discord's recommendation, got ${describe(shardCount)}`)
  }
  checkShardIds(shardIds, shardCount)
  if (shardsPerWorker !== 'all' && (!Number.isSafeInteger(shardsPerWorker) || shardsPerWorker < 1)) {
    throw new InvalidOptionError('shardsPerWorker', `expected an integer >= 1 or 'all', got ${describe(shardsPerWorker)}`)
  }
  if (!(compressions as readonly unknown[]).includes(compression)) {
    throw new InvalidOptionError('compression', `expected one of ${compressions.join(', ')}, got ${describe(compression)}`)
  }
  if (!(encodingNames as readonly unknown[]).includes(encoding)) {
    throw new InvalidOptionError('encoding', `expected 'json' or 'etf', got ${describe(encoding)}`)
  }
  if (compression === 'payload' && encoding !== 'json') throw new InvalidOptionError('compression', "'payload' compression needs the 'json' encoding")
  const { apiBase = 'https://discord.com/api/v10', rpcTimeoutMs = 10_000 } = options
  if (typeof apiBase !== 'string' || !URL.canParse(apiBase)) throw new InvalidOptionError('apiBase', `expected a URL, got ${describe(apiBase)}`)
  for (const name of ['fetchGatewayInformation', 'buildIdentifyQueue', 'retrieveSessionInfo', 'updateSessionInfo', 'random'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new InvalidOptionError(name, 'expected a function')
  }
  if (!(typeof rpcTimeoutMs === 'number' && rpcTimeoutMs > 0)) throw new InvalidOptionError('rpcTimeoutMs', `expected a number of milliseconds > 0, got ${describe(rpcTimeoutMs)}`)
  if (options.workerRestart !== undefined && (typeof options.workerRestart !== 'object' || options.workerRestart === null)) {
    throw new InvalidOptionError('workerRestart', 'expected an object')
  }
  const { sessionStartReserve = 0 } = options
  if (!Number.isSafeInteger(sessionStartReserve) || sessionStartReserve < 0) {
    throw new InvalidOptionError('sessionStartReserve', `expected an integer >= 0, got ${describe(sessionStartReserve)}`)
  }
  const shardOptions = options.shardOptions ?? {}
  if (typeof shardOptions !== 'object' || shardOptions === null) throw new InvalidOptionError('shardOptions', 'expected an object')
  return {
    token,
    intents,
    shardCount: shardCount ?? null,
    shardIds,
    shardsPerWorker,
    compression,
    encoding,
    apiBase: apiBase.replace(/\/+$/, ''),
    fetchGatewayInformation: options.fetchGatewayInformation ?? fetchGatewayInformation,
    buildIdentifyQueue: options.buildIdentifyQueue ?? null,
    sessionStore: resolveSessionStore(options),
    cluster: resolveCluster(options),
    rpcTimeoutMs,
    shardOptions,
    workerModule: resolveWorkerModule(options.workerModule),
    sessionStartReserve,
    capture: resolveCapture(options.capture),
    restartPolicy: new RestartPolicy(options.workerRestart ?? {}, options.random ?? Math.random),
  }
}

function checkShardIds(shardIds: ShardIdSelection | undefined, shardCount: number | undefined): void {
  if (shardIds === undefined) return
  const below = (id: number): boolean => shardCount === undefined || id < shardCount
  if (Array.isArray(shardIds)) {
    const bad = (shardIds as readonly unknown[]).find((id) => !isShardId(id) || !below(id))
    if (shardIds.length === 0) throw new InvalidOptionError('shardIds', 'expected at least one shard id')
    if (bad !== undefined) throw new InvalidOptionError('shardIds', `expected integers in [0, shardCount), got ${describe(bad)}`)
    return
  }
  const { start, end } = (typeof shardIds === 'object' && shardIds !== null ? shardIds : {}) as { start?: unknown; end?: unknown }
  if (!isShardId(start) || !isShardId(end) || end < start) {
    throw new InvalidOptionError('shardIds', 'expected an array of shard ids or an inclusive { start, end } with 0 <= start <= end')
  }
  if (!below(end)) throw new InvalidOptionError('shardIds', `end ${end} is not below the shard count ${String(shardCount)}`)
}

function resolveSessionStore(options: ShardManagerOptions): SessionStore {
  const { sessionStore, retrieveSessionInfo, updateSessionInfo } = options
  if (sessionStore !== undefined && (retrieveSessionInfo !== undefined || updateSessionInfo !== undefined)) {
    throw new InvalidOptionError('sessionStore', 'give either `sessionStore` or the session hooks, not both')
  }
  if (sessionStore !== undefined) {
    if (typeof sessionStore !== 'object' || sessionStore === null || typeof sessionStore.retrieve !== 'function' || typeof sessionStore.update !== 'function') {
      throw new InvalidOptionError('sessionStore', 'expected an object with `retrieve` and `update` methods')
    }
    return sessionStore
  }
  if (retrieveSessionInfo === undefined && updateSessionInfo === undefined) return new MemorySessionStore()
  // One hook alone: the other side stays in memory, so a restarted worker still resumes.
  const memory = new MemorySessionStore()
  return {
    retrieve: retrieveSessionInfo ?? ((shardId) => memory.retrieve(shardId)),
    update: updateSessionInfo ?? ((shardId, info) => memory.update(shardId, info)),
  }
}

function resolveCapture(capture: ShardManagerOptions['capture']): ResolvedManagerOptions['capture'] {
  if (capture === undefined) return null
  if (typeof capture !== 'object' || capture === null) throw new InvalidOptionError('capture', 'expected an object { path, maxBytes? }')
  const { path, maxBytes = 64 * 1024 * 1024 } = capture
  if (typeof path !== 'string' || path.trim() === '') throw new InvalidOptionError('capture.path', 'expected a file path (each worker writes `<path>.w<workerId>`)')
  const absolute = resolve(path)
  // Checked here, so that a typo fails the constructor rather than every worker's start.
  if (!statSync(dirname(absolute), { throwIfNoEntry: false })?.isDirectory()) {
    throw new InvalidOptionError('capture.path', `the directory ${dirname(absolute)} does not exist`)
  }
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1024) throw new InvalidOptionError('capture.maxBytes', `expected an integer >= 1024 (bytes per worker file), got ${describe(maxBytes)}`)
  return { path: absolute, maxBytes, run: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` }
}

function resolveCluster(options: ShardManagerOptions): ShardCluster | null {
  const { cluster, shardIds } = options
  if (cluster === undefined) return null
  if (typeof cluster !== 'object' || cluster === null || typeof cluster.join !== 'function') {
    throw new InvalidOptionError('cluster', 'expected a ShardCluster (an object with `join`), such as redisCluster() from @shardwire/redis')
  }
  // The cluster's identify queue and session store are what make members interchangeable.
  for (const name of ['buildIdentifyQueue', 'sessionStore', 'retrieveSessionInfo', 'updateSessionInfo'] as const) {
    if (options[name] !== undefined) throw new InvalidOptionError(name, 'cannot be combined with `cluster`, which brings its own shared identify queue and session store')
  }
  if (Array.isArray(shardIds)) {
    const sorted = [...(shardIds as readonly number[])].sort((a, b) => a - b)
    if (sorted.some((id, i) => i > 0 && id !== sorted[i - 1]! + 1)) {
      throw new InvalidOptionError('shardIds', 'in cluster mode, expected a contiguous range of shard ids (an inclusive { start, end })')
    }
  }
  return cluster
}

function resolveWorkerModule(module: string | URL | undefined): string | null {
  if (module === undefined) return null
  if (module instanceof URL) return module.href
  if (typeof module === 'string' && isAbsolute(module)) return pathToFileURL(module).href
  if (typeof module === 'string' && URL.canParse(module) && new URL(module).protocol === 'file:') return module
  throw new InvalidOptionError('workerModule', 'expected a file URL or an absolute path to a module that default-exports its handlers')
}
