// Bad input never crashes the simulator or disturbs other connections: each case gets
// Discord's reaction (or the WebSocket layer's close, recorded), and a bystander connection
// keeps heartbeating through all of them.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import net from 'node:net'
import { after, before, describe, test } from 'node:test'
import { startSimulator, type GatewaySimulator } from '../src/index.js'
import { eventually, RawClient } from './raw-client.js'

let sim: GatewaySimulator
let bystander: RawClient

before(async () => {
  sim = await startSimulator({ heartbeatIntervalMs: 60_000, identifyWindowMs: 0, guilds: 1, maxFrameBytes: 64 * 1024 })
  bystander = await RawClient.connect(sim.gatewayUrl)
  bystander.identify()
  await bystander.waitFor((p) => p.t === 'READY')
})

after(async () => {
  // The bystander was never disturbed: it still gets an ACK for each heartbeat.
  const acks = bystander.payloads.filter((p) => p.op === 11).length
  bystander.send({ op: 1, d: 1 })
  await bystander.waitForCount((p) => p.op === 11, acks + 1)
  assert.equal(sim.records.connection(1)?.violations.length, 0)
  bystander.close()
  await sim.close()
})

/** Opens a raw TCP socket, performs the WebSocket handshake by hand and returns it. */
async function rawSocket(): Promise<net.Socket> {
  const socket = net.connect(sim.port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(
    'GET /?v=10&encoding=json HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  )
  await once(socket, 'data')
  return socket
}

/** Reads the status code of the first close frame the server sends (or null if the socket just ends). */
function closeCodeOf(socket: net.Socket): Promise<number | null> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      // Walk the unmasked server frames (short payloads only) looking for a close (0x8).
      for (let offset = 0; offset + 2 <= buffer.length; ) {
        const length = (buffer[offset + 1] as number) & 0x7f
        if (length > 125) break
        if (((buffer[offset] as number) & 0x0f) === 0x8) return resolve(buffer.readUInt16BE(offset + 2))
        offset += 2 + length
      }
    })
    socket.on('close', () => resolve(null))
    socket.on('error', () => resolve(null))
  })
}

async function expectClose(send: (client: RawClient) => void, code: number): Promise<void> {
  const client = await RawClient.connect(sim.gatewayUrl)
  send(client)
  assert.equal((await client.closed).code, code)
}

describe('bad input', () => {
  test('malformed JSON, non-payload JSON, invalid UTF-8 and wrong frame types close with 4002', async () => {
    await expectClose((c) => c.send('{"op": 1, "d":'), 4002)
    await expectClose((c) => c.send('[1, 2, 3]'), 4002)
    await expectClose((c) => c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }), 4002)
    await expectClose((c) => c.send(Buffer.from([0x80, 0x01, 0x02])), 4002)
    await expectClose((c) => c.send({ op: 1, d: 'not a sequence' }), 4002)
    const etf = await RawClient.connect(sim.gatewayUrl, { encoding: 'etf' })
    etf.send('{"op":1,"d":null}')
    assert.equal((await etf.closed).code, 4002)
    assert.equal(sim.records.violationCounts['decode-error'], 6)
  })

  test('unknown and receive-only opcodes close with 4001', async () => {
    await expectClose((c) => c.send({ op: 99, d: null }), 4001)
    await expectClose((c) => c.send({ op: 11, d: null }), 4001)
    await expectClose((c) => c.send({ op: 0, d: {} }), 4001)
    assert.equal(sim.records.violationCounts['unknown-opcode'], 3)
  })

  test('a huge payload closes with 4002; one beyond the frame limit gets the WebSocket 1009', async () => {
    await expectClose((c) => c.send(JSON.stringify({ op: 1, d: null, pad: 'x'.repeat(40_000) })), 4002)
    await expectClose((c) => c.send(JSON.stringify({ op: 1, d: null, pad: 'x'.repeat(100_000) })), 1009)
    assert.equal(sim.records.violationCounts['payload-too-large'], 1)
    assert.equal(sim.records.violationCounts['frame-too-large'], 1)
  })

  test('frames that break the WebSocket protocol are closed by the WebSocket layer and recorded', async () => {
    const reserved = await rawSocket()
    const code = closeCodeOf(reserved)
    reserved.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4])) // reserved opcode 0x3, masked, empty
    assert.equal(await code, 1002)
    const unmasked = await rawSocket()
    const code2 = closeCodeOf(unmasked)
    unmasked.write(Buffer.from([0x81, 0x02, 0x7b, 0x7d])) // a client frame must be masked
    assert.equal(await code2, 1002)
    await eventually(() => sim.records.violationCounts['invalid-frame'] === 2)
    assert.equal(sim.records.violationCounts['invalid-frame'], 2)
    reserved.destroy()
    unmasked.destroy()
  })

  test('abrupt disconnects: mid-handshake, mid-frame, right after identify', async () => {
    const before = sim.records.connections.length
    const half = net.connect(sim.port, '127.0.0.1')
    await once(half, 'connect')
    half.write('GET /?v=10 HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n')
    half.destroy()
    const midFrame = await rawSocket()
    midFrame.write(Buffer.from([0x81, 0xfe, 0x10])) // a 16-bit length, never finished
    midFrame.destroy()
    const identified = await RawClient.connect(sim.gatewayUrl)
    identified.identify()
    identified.ws.terminate()
    await eventually(() => sim.records.connections.length === before + 2 && sim.records.connections.slice(before).every((c) => c.closedAt !== null))
    // The server still serves new clients.
    const fresh = await RawClient.connect(sim.gatewayUrl)
    fresh.send({ op: 1, d: null })
    await fresh.waitFor((p) => p.op === 11)
    fresh.close()
  })

  test('garbage HTTP and unknown REST routes do not disturb the gateway', async () => {
    const garbage = net.connect(sim.port, '127.0.0.1')
    await once(garbage, 'connect')
    garbage.end('NOT HTTP AT ALL\r\n\r\n')
    await once(garbage, 'close')
    const response = await fetch(`${sim.restUrl}/nothing`)
    assert.equal(response.status, 404)
  })
})
