// Shared inputs for the compression tests: a seeded corpus in Discord's event shapes, and streams
// made by real compressors with one flush per message, as the gateway sends them.
import { Buffer } from 'node:buffer'
import { createRequire } from 'node:module'
import * as zlib from 'node:zlib'

/** A seeded PRNG (mulberry32): the same seed gives the same corpus on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Non-ASCII on purpose: multi-byte characters must survive chunk boundaries and string output.
const words = 'the gateway shard sends heartbeat resume guild member role channel message café naïve 日本 emoji 🎉 🦀 ok yes no'.split(' ')

function snowflake(random: () => number): string {
  return (BigInt(Math.floor(random() * 2 ** 40)) * 4194304n + BigInt(Math.floor(random() * 4194304))).toString()
}

function text(random: () => number, count: number): string {
  const out: string[] = []
  for (let i = 0; i < count; i++) out.push(words[Math.floor(random() * words.length)]!)
  return out.join(' ')
}

function user(random: () => number): object {
  return { id: snowflake(random), username: `${text(random, 1)}${Math.floor(random() * 1000)}`, global_name: text(random, 2), avatar: null }
}

/** `count` dispatches of about 1 KB of JSON each: MESSAGE_CREATE, PRESENCE_UPDATE, TYPING_START. */
export function gatewayEvents(count: number, seed: number): string[] {
  const random = seededRandom(seed)
  const events: string[] = []
  for (let s = 1; s <= count; s++) {
    const kind = Math.floor(random() * 3)
    const d =
      kind === 0
        ? { id: snowflake(random), channel_id: snowflake(random), author: user(random), content: text(random, 40 + Math.floor(random() * 120)), mentions: [], tts: false }
        : kind === 1
          ? { user: { id: snowflake(random) }, guild_id: snowflake(random), status: 'online', activities: [{ name: text(random, 4), state: text(random, 30) }] }
          : { channel_id: snowflake(random), user_id: snowflake(random), timestamp: 1_700_000_000 + s, member: { user: user(random), roles: [snowflake(random)] } }
    events.push(JSON.stringify({ op: 0, s, t: ['MESSAGE_CREATE', 'PRESENCE_UPDATE', 'TYPING_START'][kind], d }))
  }
  return events
}

/** A GUILD_CREATE of at least `minBytes` bytes of JSON (members until it is large enough). */
export function largeEvent(minBytes: number, seed: number): string {
  const random = seededRandom(seed)
  const members: object[] = []
  let size = 0
  while (size < minBytes) {
    const member = { user: user(random), nick: text(random, 3), roles: [snowflake(random), snowflake(random)], joined_at: '2024-01-01T00:00:00.000Z' }
    members.push(member)
    size += Buffer.byteLength(JSON.stringify(member)) + 1
  }
  return JSON.stringify({ op: 0, s: 1, t: 'GUILD_CREATE', d: { id: snowflake(random), name: text(random, 3), members } })
}

/** JSON with `bytes` bytes of seeded random base64: it barely compresses, so its packet is large. */
export function incompressibleEvent(bytes: number, seed: number): string {
  const random = seededRandom(seed)
  const noise = Buffer.alloc(Math.ceil((bytes * 3) / 4))
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256)
  return JSON.stringify({ op: 0, s: 1, t: 'NOISE', d: { data: noise.toString('base64') } })
}

/** Compresses `messages` as one zlib stream with a Z_SYNC_FLUSH after each: one packet per message. */
export async function zlibStreamPackets(messages: readonly (string | Uint8Array)[], options: zlib.ZlibOptions = {}): Promise<Buffer[]> {
  return flushedPackets(zlib.createDeflate(options), messages, zlib.constants.Z_SYNC_FLUSH)
}

/** A zstd compressor that keeps one frame open and flushes after each message. */
export interface ZstdCompressor {
  readonly name: 'zstd-napi' | 'node:zlib'
  packets(messages: readonly (string | Uint8Array)[]): Promise<Buffer[]>
}

interface ZstdNapiBinding {
  CCtx: new () => {
    compressStream2(out: Uint8Array, input: Uint8Array, directive: number): [number, number, number]
    compress(out: Uint8Array, input: Uint8Array, level: number): number
  }
  EndDirective: { flush: number }
}

/** One whole zstd frame (ended, unlike the gateway's) holding `message`. */
export function zstdFrame(message: string): Buffer {
  const binding = createRequire(import.meta.url)('zstd-napi/binding') as ZstdNapiBinding
  const input = Buffer.from(message)
  const out = Buffer.alloc(input.byteLength + 1024)
  return out.subarray(0, new binding.CCtx().compress(out, input, 3))
}

const zstdNapi: ZstdCompressor = {
  name: 'zstd-napi',
  async packets(messages) {
    const binding = createRequire(import.meta.url)('zstd-napi/binding') as ZstdNapiBinding
    const context = new binding.CCtx()
    return messages.map((message) => {
      let input: Uint8Array = typeof message === 'string' ? Buffer.from(message) : message
      const parts: Buffer[] = []
      for (;;) {
        const out = Buffer.alloc(input.byteLength + 1024)
        const [remaining, produced, consumed] = context.compressStream2(out, input, binding.EndDirective.flush)
        parts.push(out.subarray(0, produced))
        input = input.subarray(consumed)
        if (remaining === 0 && input.byteLength === 0) return Buffer.concat(parts)
      }
    })
  },
}

interface ZstdZlib {
  createZstdCompress?: () => zlib.Deflate
}

/** The zstd compressors this runtime has: zstd-napi everywhere, node:zlib from Node 22.15. */
export function zstdCompressors(): ZstdCompressor[] {
  const create = (zlib as ZstdZlib).createZstdCompress
  if (create === undefined) return [zstdNapi]
  const native: ZstdCompressor = {
    name: 'node:zlib',
    packets: (messages) => flushedPackets(create(), messages, (zlib.constants as unknown as { ZSTD_e_flush: number }).ZSTD_e_flush),
  }
  return [zstdNapi, native]
}

// Uses the documented stream API (write, then flush and wait), independent of the code under test.
async function flushedPackets(compressor: zlib.Deflate, messages: readonly (string | Uint8Array)[], flush: number): Promise<Buffer[]> {
  const packets: Buffer[] = []
  let current: Buffer[] = []
  compressor.on('data', (data: Buffer) => current.push(data))
  for (const message of messages) {
    compressor.write(message)
    await new Promise<void>((resolve) => compressor.flush(flush, () => resolve()))
    // Let any 'data' still queued from this flush arrive before cutting the packet.
    await new Promise((resolve) => setImmediate(resolve))
    packets.push(Buffer.concat(current))
    current = []
  }
  compressor.close()
  return packets
}

/** Whether this Node version should have zstd in node:zlib (22.15+, 23.8+, 24+). */
export function runtimeHasNativeZstd(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  return major > 23 || (major === 23 && minor >= 8) || (major === 22 && minor >= 15)
}

/** Text of a decompressor's output, whatever its form. */
export function asText(message: string | Uint8Array | null): string | null {
  if (message === null || typeof message === 'string') return message
  return Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('utf8')
}
