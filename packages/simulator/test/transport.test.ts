// Encodings and transport compressions end to end, decoded with @shardwire/core's own
// decompressors and codecs (an implementation independent of the simulator's compressors).
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { afterEach, describe, test } from 'node:test'
import { WebSocket } from 'ws'
import { createDecompressor, encodeEtf, etfEncoding, jsonEncoding, type GatewayPayload } from '@shardwire/core'
import { startSimulator, type GatewaySimulator, type SimulatorOptions } from '../src/index.js'
import { identifyData } from './raw-client.js'

let sim: GatewaySimulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

interface Session {
  ws: WebSocket
  frames: Buffer[]
  payloads: GatewayPayload[]
  /** Resolves once `count` payloads have been decoded. */
  received(count: number): Promise<GatewayPayload[]>
}

async function connect(s: GatewaySimulator, encoding: 'json' | 'etf', compression: 'zlib-stream' | 'zstd-stream'): Promise<Session> {
  const decompressor = createDecompressor(compression)
  const codec = encoding === 'json' ? jsonEncoding : etfEncoding
  const ws = new WebSocket(`${s.gatewayUrl}/?v=10&encoding=${encoding}&compress=${compression}`)
  const session: Session = {
    ws,
    frames: [],
    payloads: [],
    received: async (count) => {
      while (session.payloads.length < count) await once(ws, 'message')
      return session.payloads
    },
  }
  ws.on('message', (data: Buffer) => {
    session.frames.push(data)
    const message = decompressor.push(data)
    if (message !== null) session.payloads.push(codec.decode(message))
  })
  await once(ws, 'open')
  return session
}

async function start(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  sim = await startSimulator({ heartbeatIntervalMs: 60_000, guilds: 2, ...options })
  return sim
}

describe('transport', () => {
  test('zlib-stream with split frames: one message spans several frames, each message ends on 00 00 ff ff', async () => {
    const s = await start({ splitFrameBytes: 64 })
    const client = await connect(s, 'json', 'zlib-stream')
    client.ws.send(JSON.stringify({ op: 2, d: identifyData() }))
    const payloads = await client.received(4) // HELLO, READY, 2 x GUILD_CREATE
    assert.deepEqual(
      payloads.map((p) => p.t ?? p.op),
      [10, 'READY', 'GUILD_CREATE', 'GUILD_CREATE'],
    )
    assert.ok(client.frames.length > 10, `${client.frames.length} frames for 4 messages`)
    assert.ok(client.frames.every((f) => f.length <= 64))
    const flushes = client.frames.filter((f) => f.length >= 4 && f.readUInt32BE(f.length - 4) === 0x0000ffff)
    assert.equal(flushes.length, 4)
    assert.equal(s.records.connections[0]?.compressorBackend, 'node:zlib')
    client.ws.close()
  })

  test('ETF over zlib-stream: binary keys, snowflakes as strings, ETF identify and heartbeat understood', async () => {
    const s = await start()
    const client = await connect(s, 'etf', 'zlib-stream')
    client.ws.send(encodeEtf({ op: 1, d: null, s: null, t: null }))
    client.ws.send(encodeEtf({ op: 2, d: identifyData(), s: null, t: null }))
    const payloads = await client.received(5)
    assert.deepEqual(
      payloads.map((p) => p.t ?? p.op),
      [10, 11, 'READY', 'GUILD_CREATE', 'GUILD_CREATE'],
    )
    const ready = payloads[2]?.d as { session_id: string; user: { id: string }; shard: number[] }
    assert.equal(typeof ready.user.id, 'string')
    assert.match(ready.session_id, /^[0-9a-f]{32}$/)
    assert.deepEqual(ready.shard, [0, 1])
    assert.equal(s.records.violations.length, 0)
    client.ws.close()
  })

  test('ETF over zstd-stream: one frame per message, one context for the connection', async () => {
    const s = await start()
    const client = await connect(s, 'etf', 'zstd-stream')
    client.ws.send(encodeEtf({ op: 2, d: identifyData(), s: null, t: null }))
    await client.received(4)
    s.load.emit(20)
    const payloads = await client.received(4 + 20)
    assert.equal(client.frames.length, payloads.length)
    assert.deepEqual(
      payloads.filter((p) => p.op === 0).map((p) => p.s),
      Array.from({ length: 23 }, (_, i) => i + 1),
    )
    assert.ok(['node:zlib', 'zstd-napi'].includes(s.records.connections[0]?.compressorBackend ?? ''))
    client.ws.close()
  })

  test('JSON over zstd-stream', async () => {
    const s = await start()
    const client = await connect(s, 'json', 'zstd-stream')
    client.ws.send(JSON.stringify({ op: 2, d: identifyData() }))
    const payloads = await client.received(4)
    assert.equal(payloads[1]?.t, 'READY')
    client.ws.close()
  })
})
