// The shard's onFrame tap (used by the worker's frame capture): every received frame, before
// decompression, with its connection number; validated like every other option.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { test } from 'node:test'
import { WebSocketServer } from 'ws'
import { InvalidOptionError } from '../src/errors.js'
import { Shard } from '../src/shard/shard.js'

const token = 'NzkyNzE1NDU0MTk2MDg4ODQy.X-hvzA.Ovy4MCQywSkoMRRclStW4xAYK7I'

test('onFrame must be a function', () => {
  assert.throws(
    () => new Shard({ token, shardId: 0, shardCount: 1, intents: 1, onFrame: 'yes' as unknown as () => void }),
    (error: unknown) => error instanceof InvalidOptionError && error.option === 'onFrame' && /expected a function/.test(error.message),
  )
})

test('onFrame sees each received frame as it arrived (text as text, bytes as bytes) with the connection number, never what the shard sends', async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await once(server, 'listening')
  const hello = JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null })
  server.on('connection', (ws) => {
    ws.send(hello)
    // Binary bytes that are not a payload: the tap sees them before decoding fails.
    ws.send(Buffer.from([1, 2, 3]), { binary: true })
  })
  const frames: Array<[Uint8Array | string, number]> = []
  const shard = new Shard({
    token, shardId: 0, shardCount: 1, intents: 1, gatewayUrl: `ws://127.0.0.1:${(server.address() as { port: number }).port}`,
    onFrame: (frame, connection) => void frames.push([frame, connection]),
    reidentifyDelay: { minMs: 0, maxMs: 0 }, backoff: { baseMs: 1, maxMs: 5 },
  })
  shard.on('error', () => {})
  try {
    void shard.connect().catch(() => {})
    while (frames.length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    const [first, second] = frames
    assert.deepEqual(first, [hello, 1])
    assert.ok(second?.[0] instanceof Uint8Array)
    assert.deepEqual([...(second[0] as Uint8Array)], [1, 2, 3])
    assert.ok(Number.isSafeInteger(second[1]) && second[1] >= 1)
    // Only received frames: whatever the shard sends (IDENTIFY carries the token) is not tapped.
    assert.ok(frames.every(([frame]) => !String(frame).includes(token)))
  } finally {
    await shard.close()
    server.close()
  }
})
