import { InvalidOptionError } from '@shardwire/core'
import type { Clock } from './clock.js'
import { systemClock } from './clock.js'
import type { CreateGuildOptions } from './corpus/corpus-guild.js'
import { defaultZstdBackends, type ZstdBackend } from './compression/zstd-stream-compressor.js'
import { privilegedIntentsMask } from './rules/intents.js'
import type { SendRateMode } from './rules/send-rate-window.js'

/**
 * Options of `startSimulator`. Every timing constant defaults to Discord's value; tests
 * shrink them.
 */
export interface SimulatorOptions {
  /**
   * Interface to listen on. Keep it on loopback.
   * @defaultValue '127.0.0.1'
   */
  host?: string
  /**
   * Port for REST and the gateway; 0 picks a free one (kept across restarts).
   * @defaultValue 0
   */
  port?: number
  /**
   * The bot token REST and identify must carry.
   * @defaultValue 'simulator-token'
   */
  token?: string
  /**
   * Seed of everything random: guilds, session ids, bot user, corrupt bytes.
   * @defaultValue 1
   */
  seed?: number
  /**
   * Recommended shard count (`shards` in `GET /gateway/bot`).
   * @defaultValue 1
   */
  shards?: number
  /**
   * `session_start_limit.max_concurrency`: identify buckets per window.
   * @defaultValue 1
   */
  maxConcurrency?: number
  /** `session_start_limit`: the session start budget. */
  sessionStartLimit?: {
    /** @defaultValue 1000 */
    total?: number
    /** @defaultValue `total` */
    remaining?: number
    /** @defaultValue 86400000 (24 h) */
    resetAfterMs?: number
  }
  /**
   * API versions the gateway accepts in `?v=` (others close with 4012).
   * @defaultValue [10]
   */
  apiVersions?: readonly number[]
  /**
   * `heartbeat_interval` sent in HELLO.
   * @defaultValue 41250
   */
  heartbeatIntervalMs?: number
  /**
   * How long without a heartbeat before the socket is closed with 4009.
   * @defaultValue 1.5 x `heartbeatIntervalMs`
   */
  heartbeatTimeoutMs?: number
  /**
   * How long an identify bucket stays spent.
   * @defaultValue 5000
   */
  identifyWindowMs?: number
  /**
   * Payloads a connection may send per window (heartbeats included); over it closes with 4008.
   * @defaultValue 120
   */
  sendLimit?: number
  /** @defaultValue 60000 */
  sendWindowMs?: number
  /**
   * How the send window is counted.
   * @defaultValue 'fixed'
   */
  sendRateMode?: SendRateMode
  /**
   * Largest payload a client may send, in bytes (over it closes with 4002).
   * @defaultValue 4096
   */
  payloadLimitBytes?: number
  /**
   * Largest frame the socket reads at all; beyond it the WebSocket layer closes with 1009.
   * @defaultValue 1048576
   */
  maxFrameBytes?: number
  /**
   * How long a session without a connection stays resumable.
   * @defaultValue 180000
   */
  resumeWindowMs?: number
  /**
   * Dispatches each session keeps for replay.
   * @defaultValue 50000
   */
  replayLimit?: number
  /**
   * Dispatch records (`seq`, `t`) each session keeps in `records.sessions`, so a long load run
   * cannot grow memory without bound. Past the limit the oldest are dropped, a quarter of the
   * limit at a time (so between 3/4 of the limit and the limit stay), and counted in the
   * session record's `droppedDispatches`. Raise it for exactly-once checks over longer runs.
   * @defaultValue 100000
   */
  dispatchRecordLimit?: number
  /**
   * What a resume with a sequence the session cannot replay from gets: op 9 `d: false`
   * (what Discord sends in practice) or a close with 4007 (its documented close code).
   * @defaultValue 'invalid-session'
   */
  invalidSeqReaction?: 'invalid-session' | 'close'
  /**
   * How many guilds the bot is in. Their ids are spread so each of the `shards`
   * recommended shards owns some.
   * @defaultValue 2 x `shards`
   */
  guilds?: number
  /**
   * Sizes of each guild (members, channels, roles, emoji).
   * @defaultValue `{ users: 50, channels: 5, roles: 5, emojis: 3 }`
   */
  guildSize?: CreateGuildOptions
  /**
   * How many of the guilds are large (2,100 members, a GUILD_CREATE of about 2 MB).
   * @defaultValue 0
   */
  largeGuilds?: number
  /**
   * Guilds one shard may hold before identify closes with 4011.
   * @defaultValue 2500
   */
  maxGuildsPerShard?: number
  /**
   * Privileged intents the application has enabled (others close with 4014).
   * @defaultValue all three (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT)
   */
  enabledPrivilegedIntents?: number
  /**
   * Split each zlib-stream message into frames of at most this many bytes (0: never split).
   * Only zlib-stream: Discord's zstd-stream sends one message per frame.
   * @defaultValue 0
   */
  splitFrameBytes?: number
  /**
   * zstd implementations to try; with none available, zstd-stream sockets are refused.
   * @defaultValue ['node:zlib', 'zstd-napi']
   */
  zstdBackends?: readonly ZstdBackend[]
  /**
   * Source of time for records and windows.
   * @defaultValue `Date.now`
   */
  clock?: Clock
}

/** {@link SimulatorOptions} with every default filled in. */
export type ResolvedOptions = Required<Omit<SimulatorOptions, 'sessionStartLimit'>> & {
  readonly sessionStartLimit: { readonly total: number; readonly remaining: number; readonly resetAfterMs: number }
}

function integer(path: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidOptionError(path, `expected an integer >= ${min}, got ${String(value)}`)
  }
  return value
}

/**
 * Fills in defaults and validates.
 * @throws InvalidOptionError naming the first invalid option
 */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'expected an object')
  const shards = integer('shards', options.shards ?? 1, 1)
  const heartbeatIntervalMs = integer('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 41_250, 1)
  const total = integer('sessionStartLimit.total', options.sessionStartLimit?.total ?? 1000, 0)
  const apiVersions = options.apiVersions ?? [10]
  if (!Array.isArray(apiVersions) || apiVersions.length === 0 || !apiVersions.every((v) => Number.isSafeInteger(v) && v > 0)) {
    throw new InvalidOptionError('apiVersions', 'expected a non-empty array of positive integer version numbers')
  }
  const host = options.host ?? '127.0.0.1'
  if (typeof host !== 'string' || host.length === 0) throw new InvalidOptionError('host', 'expected a non-empty string')
  const zstdBackends = options.zstdBackends ?? defaultZstdBackends
  if (!Array.isArray(zstdBackends) || !zstdBackends.every((b) => (defaultZstdBackends as readonly unknown[]).includes(b))) {
    throw new InvalidOptionError('zstdBackends', `expected an array of ${defaultZstdBackends.map((b) => `'${b}'`).join(', ')}`)
  }
  const clock = options.clock ?? systemClock
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw new InvalidOptionError('clock', 'expected an object with a `now()` method')
  }
  const guildSize = options.guildSize ?? { users: 50, channels: 5, roles: 5, emojis: 3 }
  if (typeof guildSize !== 'object' || guildSize === null) throw new InvalidOptionError('guildSize', 'expected an object of sizes')
  const sendRateMode = options.sendRateMode ?? 'fixed'
  if (sendRateMode !== 'fixed' && sendRateMode !== 'sliding') {
    throw new InvalidOptionError('sendRateMode', `expected 'fixed' or 'sliding', got ${String(sendRateMode)}`)
  }
  const invalidSeqReaction = options.invalidSeqReaction ?? 'invalid-session'
  if (invalidSeqReaction !== 'invalid-session' && invalidSeqReaction !== 'close') {
    throw new InvalidOptionError('invalidSeqReaction', `expected 'invalid-session' or 'close', got ${String(invalidSeqReaction)}`)
  }
  const token = options.token ?? 'simulator-token'
  if (typeof token !== 'string' || token.length === 0) throw new InvalidOptionError('token', 'expected a non-empty string')
  const guilds = integer('guilds', options.guilds ?? 2 * shards, 0)
  const largeGuilds = integer('largeGuilds', options.largeGuilds ?? 0, 0)
  if (largeGuilds > guilds) throw new InvalidOptionError('largeGuilds', `expected at most \`guilds\` (${guilds}), got ${largeGuilds}`)
  return {
    host,
    port: integer('port', options.port ?? 0, 0),
    token,
    seed: integer('seed', options.seed ?? 1, 0),
    shards,
    maxConcurrency: integer('maxConcurrency', options.maxConcurrency ?? 1, 1),
    sessionStartLimit: {
      total,
      remaining: integer('sessionStartLimit.remaining', options.sessionStartLimit?.remaining ?? total, 0),
      resetAfterMs: integer('sessionStartLimit.resetAfterMs', options.sessionStartLimit?.resetAfterMs ?? 86_400_000, 1),
    },
    apiVersions,
    heartbeatIntervalMs,
    heartbeatTimeoutMs: integer('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? Math.round(heartbeatIntervalMs * 1.5), 1),
    identifyWindowMs: integer('identifyWindowMs', options.identifyWindowMs ?? 5000, 0),
    sendLimit: integer('sendLimit', options.sendLimit ?? 120, 1),
    sendWindowMs: integer('sendWindowMs', options.sendWindowMs ?? 60_000, 1),
    sendRateMode,
    payloadLimitBytes: integer('payloadLimitBytes', options.payloadLimitBytes ?? 4096, 1),
    maxFrameBytes: integer('maxFrameBytes', options.maxFrameBytes ?? 1024 * 1024, 1),
    resumeWindowMs: integer('resumeWindowMs', options.resumeWindowMs ?? 180_000, 0),
    replayLimit: integer('replayLimit', options.replayLimit ?? 50_000, 1),
    dispatchRecordLimit: integer('dispatchRecordLimit', options.dispatchRecordLimit ?? 100_000, 1),
    invalidSeqReaction,
    guilds,
    guildSize,
    largeGuilds,
    maxGuildsPerShard: integer('maxGuildsPerShard', options.maxGuildsPerShard ?? 2500, 1),
    enabledPrivilegedIntents: integer('enabledPrivilegedIntents', options.enabledPrivilegedIntents ?? privilegedIntentsMask, 0),
    splitFrameBytes: integer('splitFrameBytes', options.splitFrameBytes ?? 0, 0),
    zstdBackends,
    clock,
  }
}
