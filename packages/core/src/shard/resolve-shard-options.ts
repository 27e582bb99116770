import type { Compression } from '../compression/decompressor.js'
import type { Encoding } from '../encoding/encoding.js'
import { jsonEncoding } from '../encoding/json-encoding.js'
import { InvalidOptionError } from '../errors.js'
import { defaultBackoff } from './backoff.js'
import { identifyPayload } from './gateway-commands.js'
import { defaultGatewayUrl } from './gateway-url.js'
import type { IdentifyQueue } from './identify-queue.js'
import { LocalIdentifyQueue } from './local-identify-queue.js'
import { maxPayloadBytes } from './machine-commands.js'
import { defaultSendLimit } from './send-limiter.js'
import type { RetrieveSessionInfo, UpdateSessionInfo } from './session-info.js'
import type { ShardMachineConfig } from './shard-machine-config.js'
import type { ShardOptions } from './shard-options.js'

/** {@link ShardOptions} validated, with defaults applied: the machine's config and the adapter's own. */
export interface ResolvedShardOptions {
  readonly machine: ShardMachineConfig
  readonly encoding: Encoding
  readonly compression: Compression
  readonly maxMessageBytes: number
  readonly identifyQueue: IdentifyQueue
  readonly identifyTimeoutMs: number
  readonly closeTimeoutMs: number
  readonly retrieveSessionInfo: RetrieveSessionInfo | null
  readonly updateSessionInfo: UpdateSessionInfo | null
  readonly onFrame: ((frame: Uint8Array | string, connection: number) => void) | null
}

const compressions = ['none', 'payload', 'zlib-stream', 'zstd-stream'] as const satisfies readonly Compression[]
// Node fires longer timers after 1 ms, so no duration may exceed this.
const maxTimerMs = 2 ** 31 - 1

/** A short description of a rejected value; never the value of the token. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return value === null ? 'null' : typeof value
}

function integer(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
    throw new InvalidOptionError(path, `expected an integer ${range}, got ${describe(value)}`)
  }
  return value
}

function duration(path: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > maxTimerMs) {
    throw new InvalidOptionError(path, `expected milliseconds from ${min} to ${maxTimerMs}, got ${describe(value)}`)
  }
  return value
}

function optionalFunction<F>(path: string, value: unknown): F | null {
  if (value === undefined) return null
  if (typeof value !== 'function') throw new InvalidOptionError(path, `expected a function, got ${describe(value)}`)
  return value as F
}

// A group of options (`timeouts`, `backoff`…): absent, or a plain object whose keys are checked one by one.
function optionalGroup<T extends object>(path: string, value: T | undefined): Partial<T> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError(path, `expected an object, got ${Array.isArray(value) ? 'an array' : describe(value)}`)
  }
  return value
}

function encodingOf(value: unknown): Encoding {
  if (value === undefined) return jsonEncoding
  const encoding = value as Partial<Encoding> | null
  if (typeof encoding !== 'object' || encoding === null || (encoding.name !== 'json' && encoding.name !== 'etf') ||
    typeof encoding.encode !== 'function' || typeof encoding.decode !== 'function') {
    throw new InvalidOptionError('encoding', `expected an Encoding such as jsonEncoding or etfEncoding, got ${describe(value)}`)
  }
  return encoding as Encoding
}

/**
 * Validates every option and applies the defaults.
 * @throws InvalidOptionError naming the first invalid option
 */
export function resolveShardOptions(options: ShardOptions): ResolvedShardOptions {
  try {
    return resolve(options)
  } catch (error) {
    // The token passed in the wrong option (say, as `gatewayUrl`) must not be echoed either.
    const token = (options as Partial<ShardOptions> | null)?.token
    if (error instanceof InvalidOptionError && typeof token === 'string' && token.length >= 8 && error.message.includes(token.slice(0, 40))) {
      throw new InvalidOptionError(error.option, 'got the token, which is not shown')
    }
    throw error
  }
}

// Every option name, checked by the compiler against ShardOptions: an unknown key is a typo
// (say `shardID`) that would otherwise be ignored without a word.
const knownOptions = {
  token: true, shardId: true, shardCount: true, intents: true, gatewayUrl: true, encoding: true, compression: true,
  maxMessageBytes: true, identifyProperties: true, largeThreshold: true, presence: true, identifyQueue: true,
  retrieveSessionInfo: true, updateSessionInfo: true, sessionSaveIntervalMs: true, timeouts: true, backoff: true,
  reidentifyDelay: true, maxResumeFailures: true, maxQueuedSends: true, sendLimit: true, random: true, onFrame: true,
} as const satisfies Record<keyof ShardOptions, true>

function resolve(options: ShardOptions): ResolvedShardOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', `expected an object, got ${describe(options)}`)
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(knownOptions, key))
  if (unknown.length > 0) throw new InvalidOptionError(unknown[0]!, `is not a shard option (known: ${Object.keys(knownOptions).join(', ')})`)
  const { token } = options
  if (typeof token !== 'string' || token.trim() === '') throw new InvalidOptionError('token', 'expected a non-empty string')
  if (/^bot\s/i.test(token)) throw new InvalidOptionError('token', 'expected the token alone, without the "Bot " prefix')
  if (/\s/.test(token)) throw new InvalidOptionError('token', 'expected no whitespace in the token')
  const shardCount = integer('shardCount', options.shardCount, 1)
  const shardId = integer('shardId', options.shardId, 0, shardCount - 1)
  const intents = integer('intents', options.intents, 0)
  const gatewayUrl = options.gatewayUrl ?? defaultGatewayUrl
  if (typeof gatewayUrl !== 'string' || !URL.canParse(gatewayUrl) || !['ws:', 'wss:'].includes(new URL(gatewayUrl).protocol)) {
    throw new InvalidOptionError('gatewayUrl', `expected a ws: or wss: URL, got ${describe(gatewayUrl)}`)
  }
  const encoding = encodingOf(options.encoding)
  const compression = options.compression ?? 'none'
  if (!(compressions as readonly unknown[]).includes(compression)) {
    throw new InvalidOptionError('compression', `expected one of ${compressions.map((c) => `'${c}'`).join(', ')}, got ${describe(compression)}`)
  }
  if (compression === 'payload' && encoding.name !== 'json') {
    throw new InvalidOptionError('compression', "payload compression works with the JSON encoding only; use 'zlib-stream' or 'zstd-stream' with ETF")
  }
  const maxMessageBytes = integer('maxMessageBytes', options.maxMessageBytes ?? 128 * 1024 * 1024, 1)
  const properties = { os: process.platform, browser: 'shardwire', device: 'shardwire', ...optionalGroup('identifyProperties', options.identifyProperties) }
  for (const key of ['os', 'browser', 'device'] as const) {
    if (typeof properties[key] !== 'string') throw new InvalidOptionError(`identifyProperties.${key}`, `expected a string, got ${describe(properties[key])}`)
  }
  const largeThreshold = integer('largeThreshold', options.largeThreshold ?? 50, 50, 250)
  const presence = options.presence ?? null
  if (presence !== null) optionalGroup('presence', presence)
  const identifyQueue = options.identifyQueue ?? new LocalIdentifyQueue()
  if (typeof identifyQueue !== 'object' || identifyQueue === null || typeof identifyQueue.waitForIdentify !== 'function') {
    throw new InvalidOptionError('identifyQueue', `expected an IdentifyQueue (an object with waitForIdentify), got ${describe(identifyQueue)}`)
  }
  if (identifyQueue.identifySent !== undefined && typeof identifyQueue.identifySent !== 'function') {
    throw new InvalidOptionError('identifyQueue', `expected identifyQueue.identifySent to be a function when present, got ${describe(identifyQueue.identifySent)}`)
  }
  const timeouts = optionalGroup('timeouts', options.timeouts)
  const backoff = { ...defaultBackoff, ...optionalGroup('backoff', options.backoff) }
  duration('backoff.baseMs', backoff.baseMs)
  duration('backoff.maxMs', backoff.maxMs, backoff.baseMs)
  const reidentifyDelay = { minMs: 1000, maxMs: 5000, ...optionalGroup('reidentifyDelay', options.reidentifyDelay) }
  duration('reidentifyDelay.minMs', reidentifyDelay.minMs, 0)
  duration('reidentifyDelay.maxMs', reidentifyDelay.maxMs, reidentifyDelay.minMs)
  const sendLimit = { ...defaultSendLimit, ...optionalGroup('sendLimit', options.sendLimit) }
  integer('sendLimit.limit', sendLimit.limit, 2)
  duration('sendLimit.windowMs', sendLimit.windowMs)
  const random = optionalFunction<() => number>('random', options.random) ?? Math.random
  const identify = { intents, properties, largeThreshold, presence, compress: compression === 'payload' }
  checkIdentifySize(encoding, token, { ...identify, shard: [shardId, shardCount] })
  return {
    machine: {
      shardId,
      shardCount,
      token,
      identify,
      gatewayUrl,
      encoding: encoding.name,
      compression,
      encode: (payload) => encoding.encode(payload),
      random,
      timeouts: {
        connectMs: duration('timeouts.connectMs', timeouts.connectMs ?? 15_000),
        helloMs: duration('timeouts.helloMs', timeouts.helloMs ?? 20_000),
        readyMs: duration('timeouts.readyMs', timeouts.readyMs ?? 15_000),
        resumedMs: duration('timeouts.resumedMs', timeouts.resumedMs ?? 15_000),
      },
      backoff,
      reidentifyDelay,
      maxResumeFailures: integer('maxResumeFailures', options.maxResumeFailures ?? 5, 1),
      sendLimit,
      // At least 1: every send passes through the queue, so 0 would reject them all.
      maxQueuedSends: integer('maxQueuedSends', options.maxQueuedSends ?? 1000, 1),
      sessionSaveIntervalMs: duration('sessionSaveIntervalMs', options.sessionSaveIntervalMs ?? 10_000),
    },
    encoding,
    compression,
    maxMessageBytes,
    identifyQueue,
    identifyTimeoutMs: duration('timeouts.identifyMs', timeouts.identifyMs ?? 900_000),
    closeTimeoutMs: duration('timeouts.closeMs', timeouts.closeMs ?? 5000),
    retrieveSessionInfo: optionalFunction<RetrieveSessionInfo>('retrieveSessionInfo', options.retrieveSessionInfo),
    updateSessionInfo: optionalFunction<UpdateSessionInfo>('updateSessionInfo', options.updateSessionInfo),
    onFrame: optionalFunction<(frame: Uint8Array | string, connection: number) => void>('onFrame', options.onFrame),
  }
}

// Identify must fit the gateway's payload limit; a large presence could break it, and that
// would fail every connection, so it is caught here, once.
function checkIdentifySize(encoding: Encoding, token: string, config: Parameters<typeof identifyPayload>[1]): void {
  let size: number
  try {
    const data = encoding.encode(identifyPayload(token, config).payload)
    size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
  } catch {
    throw new InvalidOptionError('presence', `identify cannot be encoded as ${encoding.name}`)
  }
  if (size > maxPayloadBytes) {
    throw new InvalidOptionError('presence', `identify would be ${size} bytes, over the gateway's ${maxPayloadBytes}-byte limit`)
  }
}
