import * as zlib from 'node:zlib'
import {
  buildGuildCreate,
  buildMixedStream,
  createGuild,
  createRandom,
  largeGuildOptions,
  toDispatchPayload,
} from '@shardwire/simulator'
import { nativeZstd, zstdNapi } from './native-modules.js'
import { createSyncDriver } from './sync-zlib-handle.js'

/** One corpus in every form the benchmark feeds to decoders and decompressors. */
export interface CodecInputs {
  /** `mixed` (many small dispatches) or `guild` (one ~2 MB GUILD_CREATE). */
  readonly corpus: 'mixed' | 'guild'
  readonly events: number
  /** JSON text of each payload. */
  readonly text: string[]
  /** UTF-8 bytes of each payload's JSON. */
  readonly json: Uint8Array[]
  readonly jsonBytes: number
  /** Each payload as ETF, snowflakes written as 64-bit integers as Discord sends them. */
  readonly etf: Uint8Array[]
  readonly etfBytes: number
  /** zlib-stream packets: every payload's JSON through one deflate context, Z_SYNC_FLUSH each. */
  readonly zlibJson: Uint8Array[]
  /** The same for the ETF bytes. */
  readonly zlibEtf: Uint8Array[]
  /** zstd-stream packets of the JSON: one context, flushed (not ended) per message; null without a compressor. */
  readonly zstdJson: Uint8Array[] | null
}

const snowflake = /^\d{17,20}$/
const twoPow53 = 2n ** 53n

/**
 * A copy of `value` with snowflake fields as BigInts, so the ETF encoder writes them as the
 * integers (SMALL_BIG_EXT) the gateway sends, and decoders pay for turning them into strings.
 */
export function withIntegerSnowflakes(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    const isIdKey = key === 'id' || key.endsWith('_id') || key === 'roles' || key === 'mention_roles'
    // Only real snowflakes (beyond 2^53): a hex activity id can happen to be all digits.
    return isIdKey && snowflake.test(value) && BigInt(value) > twoPow53 ? BigInt(value) : value
  }
  if (Array.isArray(value)) return value.map((item) => withIntegerSnowflakes(item, key))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = withIntegerSnowflakes(v, k)
    return out
  }
  return value
}

/** Compresses messages through one shared context, flushing after each: one packet per message. */
function compressStream(messages: readonly Uint8Array[], kind: 'zlib' | 'zstd'): Uint8Array[] | null {
  if (kind === 'zlib') {
    const deflate = createSyncDriver(zlib.createDeflate(), zlib.constants.Z_SYNC_FLUSH)
    return messages.map((message) => deflate(message))
  }
  if (nativeZstd !== null) {
    const compress = createSyncDriver(nativeZstd.createCompress(), nativeZstd.flush)
    return messages.map((message) => compress(message))
  }
  if (!zstdNapi.ok) return null
  const binding = zstdNapi.module
  const context = new binding.CCtx()
  const out = Buffer.allocUnsafe(256 * 1024)
  return messages.map((message) => {
    const parts: Buffer[] = []
    let consumed = 0
    for (;;) {
      const [remaining, produced, read] = context.compressStream2(out, message.subarray(consumed), binding.EndDirective.flush)
      consumed += read
      if (produced > 0) parts.push(Buffer.from(out.subarray(0, produced)))
      if (remaining === 0 && consumed === message.byteLength) break
    }
    return Buffer.concat(parts)
  })
}

/** Which library compressed the zstd-stream inputs. */
export const zstdCompressorName = nativeZstd !== null ? 'node:zlib (native zstd)' : zstdNapi.ok ? 'zstd-napi' : 'none'

// Buffers, not bare Uint8Arrays: native addons (zlib-sync, erlpack) insist on them, and every
// contender then gets the same kind of input.
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

const sum = (parts: readonly Uint8Array[]): number => parts.reduce((total, part) => total + part.byteLength, 0)

function buildInputs(corpus: CodecInputs['corpus'], payloads: readonly unknown[], encodeEtf: (value: unknown) => Uint8Array): CodecInputs {
  const text = payloads.map((payload) => JSON.stringify(payload))
  const encoder = new TextEncoder()
  const json = text.map((t) => asBuffer(encoder.encode(t)))
  const etf = payloads.map((payload) => asBuffer(encodeEtf(withIntegerSnowflakes(payload))))
  return {
    corpus,
    events: payloads.length,
    text,
    json,
    jsonBytes: sum(json),
    etf,
    etfBytes: sum(etf),
    zlibJson: compressStream(json, 'zlib') as Uint8Array[],
    zlibEtf: compressStream(etf, 'zlib') as Uint8Array[],
    zstdJson: compressStream(json, 'zstd'),
  }
}

/**
 * Builds the seeded mixed stream (`count` dispatches) and a ~2 MB GUILD_CREATE, then every
 * encoded and compressed form of them. Inputs come from our own encoder (`encodeEtf`), as
 * ws's benchmarks build theirs with ws's own sender.
 */
export function buildCodecInputs(options: { seed: number; count: number; encodeEtf: (value: unknown) => Uint8Array }): { mixed: CodecInputs; guild: CodecInputs } {
  const events = buildMixedStream({ seed: options.seed, count: options.count })
  const mixed = buildInputs('mixed', events.map((event, i) => toDispatchPayload(event, i + 1)), options.encodeEtf)
  const random = createRandom(options.seed + 1)
  const guildCreate = buildGuildCreate(random, createGuild(random, largeGuildOptions))
  const guild = buildInputs('guild', [{ op: 0, t: 'GUILD_CREATE', s: 1, d: guildCreate }], options.encodeEtf)
  return { mixed, guild }
}
