// The adapter's socket: every connection starts with a fresh decompression context and empty
// buffers, whatever the previous connection left behind (behaviour 4).
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { test } from 'node:test'
import { constants, createDeflate } from 'node:zlib'
import { WebSocketServer } from 'ws'
import { createDecompressor } from '../src/compression/create-decompressor.js'
import { jsonEncoding } from '../src/encoding/json-encoding.js'
import type { ShardwireError } from '../src/errors.js'
import type { GatewayPayload } from '../src/gateway-payload.js'
import { GatewaySocket } from '../src/shard/gateway-socket.js'

/** One zlib-stream message from a deflate context, ending in the Z_SYNC_FLUSH marker. */
async function compress(deflate: ReturnType<typeof createDeflate>, payload: object): Promise<Buffer> {
  const chunks: Buffer[] = []
  const onData = (chunk: Buffer): void => void chunks.push(chunk)
  deflate.on('data', onData)
  deflate.write(JSON.stringify(payload))
  await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()))
  deflate.off('data', onData)
  return Buffer.concat(chunks)
}

test('a new connection gets a fresh zlib context and drops the last one\'s partial message', async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await once(server, 'listening')
  const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`
  const decompressor = createDecompressor('zlib-stream', { output: 'string' })
  let connection = 0
  server.on('connection', async (ws) => {
    connection++
    const deflate = createDeflate()
    const hello = await compress(deflate, { op: 10, d: { heartbeat_interval: connection }, s: null, t: null })
    if (connection === 1) {
      // Half a message, then the connection dies: the client holds a partial frame and a used context.
      ws.send(hello.subarray(0, hello.length >> 1))
      setTimeout(() => ws.close(4000), 20)
    } else {
      ws.send(hello)
    }
  })
  try {
    const received: GatewayPayload[] = []
    const errors: ShardwireError[] = []
    const handlers = (done: (code: number) => void) => ({
      open: () => {},
      message: (payload: GatewayPayload) => void received.push(payload),
      invalid: (error: ShardwireError) => void errors.push(error),
      closed: done,
    })
    const firstClosed = new Promise<number>((resolve) => new GatewaySocket(url, decompressor, jsonEncoding, handlers(resolve)))
    assert.equal(await firstClosed, 4000)
    assert.deepEqual(received, [])
    const second = new GatewaySocket(url, decompressor, jsonEncoding, handlers(() => {}))
    while (received.length === 0 && errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.deepEqual(errors, [])
    assert.deepEqual(received, [{ op: 10, d: { heartbeat_interval: 2 }, s: null, t: null }])
    await second.close(1000, 100)
  } finally {
    decompressor.close()
    server.close()
  }
})

test('a socket that never opens reports 1006, and close() on it resolves', async () => {
  const decompressor = createDecompressor('none')
  let resets = 0
  const spy = Object.assign(Object.create(decompressor) as typeof decompressor, { reset: () => void resets++ })
  const code = await new Promise<number>((resolve) => {
    new GatewaySocket('ws://127.0.0.1:1', spy, jsonEncoding, { open: () => {}, message: () => {}, invalid: () => {}, closed: resolve })
  })
  assert.equal(code, 1006)
  assert.equal(resets, 1, 'reset when the connection was created')
  const stuck = new GatewaySocket('ws://127.0.0.1:1', spy, jsonEncoding, { open: () => {}, message: () => {}, invalid: () => {}, closed: () => assert.fail('closed by the shard: no report') })
  await stuck.close(4900, 100)
})
