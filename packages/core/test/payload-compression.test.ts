// Payload compression (identify with `compress: true`, JSON only): standalone zlib messages mixed
// with plain text and plain JSON bytes.
import assert from 'node:assert/strict'
import { Buffer } from 'node:buffer'
import { test } from 'node:test'
import * as zlib from 'node:zlib'
import { createDecompressor, PayloadDecompressor } from '../src/index.js'
import { asText, gatewayEvents, largeEvent } from './compression-fixtures.js'

const events = gatewayEvents(12, 41)


test('a payload decompressor describes itself', () => {
  const decompressor = createDecompressor('payload')
  assert.ok(decompressor instanceof PayloadDecompressor)
  assert.equal(decompressor.compression, 'payload')
  assert.equal(decompressor.backend, 'node:zlib')
  assert.equal(decompressor.needsReset, false)
})

test('standalone zlib messages are inflated, whatever their compression level', () => {
  const decompressor = new PayloadDecompressor()
  // Levels 1, 6 and 9 give the headers 78 01, 78 9c and 78 da.
  for (const [i, level] of [1, 6, 9].entries()) {
    const packet = zlib.deflateSync(events[i]!, { level })
    assert.equal(packet[0], 0x78)
    const message = decompressor.push(packet)
    assert.ok(message instanceof Uint8Array)
    assert.equal(asText(message), events[i])
  }
  const large = largeEvent(200 * 1024, 42)
  assert.equal(asText(decompressor.push(zlib.deflateSync(large))), large)
})

test('plain text and plain JSON bytes pass through; compressed and plain frames mix', () => {
  const decompressor = new PayloadDecompressor({ output: 'string' })
  const frames = events.map((event, i) => (i % 3 === 0 ? event : i % 3 === 1 ? zlib.deflateSync(event) : Buffer.from(event)))
  assert.deepEqual(frames.map((frame) => decompressor.push(frame)), events)

  const bytes = new PayloadDecompressor()
  const plain = Buffer.from(' \n{"op":11}')
  assert.equal(bytes.push(plain), plain, 'plain bytes are returned as they are, without a copy')
  assert.equal(bytes.push('{"op":11}'), '{"op":11}')
  assert.equal(asText(bytes.push(Buffer.from('[1]'))), '[1]')
  assert.equal(asText(bytes.push(new Uint8Array([0x7b]))), '{', 'one byte cannot be a zlib header')
})

test('corrupt or truncated zlib throws DECOMPRESS_CORRUPT, then DECOMPRESS_NEEDS_RESET until reset()', () => {
  const decompressor = new PayloadDecompressor({ output: 'string' })
  const packet = zlib.deflateSync(events[0]!)
  const garbage = Buffer.from(packet)
  garbage.fill(0xff, 2)
  assert.throws(() => decompressor.push(garbage), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
  assert.equal(decompressor.needsReset, true)
  assert.throws(() => decompressor.push(packet), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
  assert.throws(() => decompressor.push('{"op":11}'), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
  decompressor.reset()
  assert.equal(decompressor.needsReset, false)
  assert.equal(decompressor.push(packet), events[0])
  // A stream cut short (no end of stream, no checksum) is corrupt too.
  assert.throws(() => decompressor.push(packet.subarray(0, packet.byteLength - 6)), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
})

test('a bomb throws DECOMPRESS_LIMIT; so does plain input over the limit', () => {
  const decompressor = new PayloadDecompressor({ maxMessageBytes: 1024 * 1024 })
  const bomb = zlib.deflateSync(Buffer.alloc(48 * 1024 * 1024))
  assert.ok(bomb.byteLength < 64 * 1024)
  assert.throws(() => decompressor.push(bomb), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
  assert.throws(() => decompressor.push(zlib.deflateSync(events[0]!)), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
  decompressor.reset()

  const size = Buffer.byteLength(events[0]!)
  const exact = new PayloadDecompressor({ maxMessageBytes: size, output: 'string' })
  assert.equal(exact.push(zlib.deflateSync(events[0]!)), events[0])
  assert.equal(exact.push(Buffer.from(events[0]!)), events[0])
  assert.throws(() => new PayloadDecompressor({ maxMessageBytes: size - 1 }).push(zlib.deflateSync(events[0]!)), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
  assert.throws(() => new PayloadDecompressor({ maxMessageBytes: size - 1 }).push(Buffer.from(events[0]!)), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
  exact.close()
})
