// zlib-stream transport compression, run against every backend this runtime has, on streams made
// by node:zlib's deflate with one Z_SYNC_FLUSH per message (as the gateway does).
import assert from 'node:assert/strict'
import { Buffer } from 'node:buffer'
import { describe, test } from 'node:test'
import * as zlib from 'node:zlib'
import { createDecompressor, DecompressionError, ZlibStreamDecompressor, zlibStreamBackends } from '../src/index.js'
import type { DecompressedOutput, Decompressor } from '../src/index.js'
import { asText, gatewayEvents, incompressibleEvent, largeEvent, seededRandom, zlibStreamPackets } from './compression-fixtures.js'

const events = gatewayEvents(60, 1)
const over64KiB = largeEvent(70 * 1024, 2)
const over128KiB = largeEvent(200 * 1024, 3)
// Its packet is over 16 KiB, so zlib-sync and fflate inflate it in several slices.
const noisy = incompressibleEvent(48 * 1024, 4)
const messages = [...events.slice(0, 20), over64KiB, ...events.slice(20, 40), over128KiB, noisy, ...events.slice(40)]
const packets = await zlibStreamPackets(messages)

const smallMessages = events.slice(0, 12)
const smallPackets = await zlibStreamPackets(smallMessages)
const largeMessages = [over64KiB, over128KiB, noisy]
const largePackets = await zlibStreamPackets(largeMessages)
const otherMessages = gatewayEvents(10, 99)
const otherPackets = await zlibStreamPackets(otherMessages)
// 48 MiB of zeros deflate to about 47 KiB: a bomb that also spans several input slices.
const bomb = zlib.deflateSync(Buffer.alloc(48 * 1024 * 1024), { finishFlush: zlib.constants.Z_SYNC_FLUSH })

test('the fixtures hold what the tests rely on', () => {
  assert.ok(Buffer.byteLength(over64KiB) > 64 * 1024)
  assert.ok(Buffer.byteLength(over128KiB) > 128 * 1024)
  assert.ok(largePackets[2]!.byteLength > 16 * 1024, 'the noisy packet spans several 16 KiB slices')
  assert.ok(bomb.byteLength > 16 * 1024 && bomb.byteLength < 64 * 1024)
  for (const packet of packets) assert.deepEqual([...packet.subarray(-4)], [0x00, 0x00, 0xff, 0xff])
  assert.equal(zlibStreamBackends().at(-1), 'fflate', 'the pure-JS fallback is always available')
})

/** Pushes every packet whole and returns the messages as text. */
function inflateAll(decompressor: Decompressor, input: readonly Uint8Array[]): (string | null)[] {
  return input.map((packet) => asText(decompressor.push(packet)))
}


for (const backend of zlibStreamBackends()) {
  const open = (options: { maxMessageBytes?: number; output?: DecompressedOutput } = {}): ZlibStreamDecompressor =>
    new ZlibStreamDecompressor({ backend, ...options })

  describe(`zlib-stream with ${backend}`, () => {
    for (const output of ['bytes', 'string'] as const) {
      test(`inflates a stream of messages, including ones over 64 KiB and 128 KiB (${output} output)`, () => {
        const decompressor = open({ output })
        assert.equal(decompressor.backend, backend)
        assert.equal(decompressor.compression, 'zlib-stream')
        for (const [i, packet] of packets.entries()) {
          const message = decompressor.push(packet)
          if (output === 'string') assert.equal(typeof message, 'string')
          else assert.ok(message instanceof Uint8Array)
          assert.equal(asText(message), messages[i], `message ${i}`)
        }
        decompressor.close()
      })
    }

    test('every message split at every byte offset across two frames', () => {
      const longest = Math.max(...smallPackets.map((packet) => packet.byteLength))
      let splits = 0
      for (let offset = 1; offset < longest; offset++) {
        const decompressor = open({ output: 'string' })
        for (const [i, packet] of smallPackets.entries()) {
          if (offset >= packet.byteLength) {
            assert.equal(decompressor.push(packet), smallMessages[i])
            continue
          }
          assert.equal(decompressor.push(packet.subarray(0, offset)), null, `message ${i} first part at ${offset}`)
          assert.equal(decompressor.push(packet.subarray(offset)), smallMessages[i], `message ${i} split at ${offset}`)
          splits++
        }
        decompressor.close()
      }
      assert.equal(splits, smallPackets.reduce((sum, packet) => sum + packet.byteLength - 1, 0))
    })

    test('large messages split across two frames, including inside the 00 00 ff ff suffix', () => {
      const random = seededRandom(7)
      for (const [target, packet] of largePackets.entries()) {
        const length = packet.byteLength
        const offsets = [1, 2, 3, length - 5, length - 4, length - 3, length - 2, length - 1]
        for (let i = 0; i < 8; i++) offsets.push(1 + Math.floor(random() * (length - 1)))
        for (const offset of offsets) {
          const decompressor = open()
          for (const earlier of largePackets.slice(0, target)) decompressor.push(earlier)
          assert.equal(decompressor.push(packet.subarray(0, offset)), null)
          assert.equal(asText(decompressor.push(packet.subarray(offset))), largeMessages[target], `message ${target} split at ${offset}`)
          decompressor.close()
        }
      }
    })

    test('a message spread over many small frames', () => {
      const random = seededRandom(11)
      const decompressor = open({ output: 'string' })
      for (const [i, packet] of smallPackets.entries()) {
        let offset = 0
        let message: string | Uint8Array | null = null
        while (offset < packet.byteLength) {
          assert.equal(message, null, 'only the last frame completes the message')
          const size = 1 + Math.floor(random() * 7)
          message = decompressor.push(packet.subarray(offset, offset + size))
          offset += size
        }
        assert.equal(message, smallMessages[i])
      }
    })

    test('two connections in one thread keep separate contexts', () => {
      const first = open({ output: 'string' })
      const second = open()
      // The second connection's messages land between the first's, after its large ones too.
      for (const [i, packet] of packets.entries()) {
        assert.equal(first.push(packet), messages[i])
        if (i % 7 === 0) assert.equal(asText(second.push(otherPackets[i / 7]!)), otherMessages[i / 7])
      }
    })

    test('reset() mid-message drops the half message and starts a fresh context', () => {
      const decompressor = open({ output: 'string' })
      assert.deepEqual(inflateAll(decompressor, smallPackets.slice(0, 5)), smallMessages.slice(0, 5))
      assert.equal(decompressor.push(smallPackets[5]!.subarray(0, 40)), null)
      decompressor.reset()
      assert.equal(decompressor.needsReset, false)
      // A new connection's stream starts with a new zlib header and no shared window.
      assert.deepEqual(inflateAll(decompressor, otherPackets), otherMessages)
    })

    test('corrupt input throws DECOMPRESS_CORRUPT, then DECOMPRESS_NEEDS_RESET until reset()', () => {
      const decompressor = open({ output: 'string' })
      // A stream that does not start with a zlib header.
      assert.throws(() => decompressor.push(Buffer.from([0x12, 0x34, 0x56, 0x00, 0x00, 0xff, 0xff])), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
      assert.equal(decompressor.needsReset, true)
      assert.throws(() => decompressor.push(smallPackets[0]!), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
      assert.throws(() => decompressor.push('text'), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
      decompressor.reset()

      // Mid-stream: after a sync flush each message starts a block on a byte boundary; bits 1-2
      // of its first byte are the block type, and 3 is reserved.
      assert.deepEqual(inflateAll(decompressor, smallPackets.slice(0, 3)), smallMessages.slice(0, 3))
      const flipped = Buffer.from(smallPackets[3]!)
      flipped[0]! |= 0x06
      assert.throws(() => decompressor.push(flipped), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
      assert.throws(() => decompressor.push(smallPackets[4]!), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
      decompressor.reset()
      assert.deepEqual(inflateAll(decompressor, smallPackets), smallMessages)
    })

    test('seeded random corruption only ever fails with a DecompressionError', () => {
      const random = seededRandom(13)
      let failures = 0
      for (let trial = 0; trial < 40; trial++) {
        const decompressor = open({ maxMessageBytes: 1024 * 1024 })
        const target = 1 + Math.floor(random() * (smallPackets.length - 1))
        const corrupt = smallPackets.map((packet) => Buffer.from(packet))
        for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
          corrupt[target]![Math.floor(random() * (corrupt[target]!.byteLength - 4))] ^= 1 + Math.floor(random() * 255)
        }
        try {
          inflateAll(decompressor, corrupt)
        } catch (error) {
          assert.ok(error instanceof DecompressionError, `trial ${trial}: ${String(error)}`)
          assert.ok(error.code === 'DECOMPRESS_CORRUPT' || error.code === 'DECOMPRESS_LIMIT', error.code)
          assert.equal(decompressor.needsReset, true)
          failures++
        }
        decompressor.close()
      }
      assert.ok(failures > 0, 'some corruptions are detected')
    })

    test('a bomb throws DECOMPRESS_LIMIT, and the context needs reset()', () => {
      const decompressor = open({ maxMessageBytes: 1024 * 1024 })
      assert.throws(() => decompressor.push(bomb), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
      assert.equal(decompressor.needsReset, true)
      assert.throws(() => decompressor.push(smallPackets[0]!), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
      decompressor.reset()
      assert.deepEqual(inflateAll(decompressor, smallPackets), smallMessages)

      // An honest message over the limit fails the same way.
      assert.throws(() => open({ maxMessageBytes: 64 * 1024 }).push(largePackets[0]!), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
    })

    test('output of exactly maxMessageBytes is accepted, one byte more is not', () => {
      const size = Buffer.byteLength(smallMessages[0]!)
      assert.equal(open({ maxMessageBytes: size, output: 'string' }).push(smallPackets[0]!), smallMessages[0])
      assert.throws(() => open({ maxMessageBytes: size - 1 }).push(smallPackets[0]!), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
    })

    test('buffered input of an unfinished message past maxMessageBytes throws DECOMPRESS_LIMIT', () => {
      const decompressor = open({ maxMessageBytes: 1000 })
      assert.equal(decompressor.push(Buffer.alloc(600, 1)), null)
      assert.throws(() => decompressor.push(Buffer.alloc(600, 1)), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
      assert.equal(decompressor.needsReset, true)
      decompressor.reset()
      assert.equal(decompressor.push(Buffer.alloc(600, 1)), null, 'reset() dropped the buffered input')
    })

    test('text frames pass through unchanged, even while a message is buffered', () => {
      const decompressor = open({ output: 'string' })
      assert.equal(decompressor.push('{"op":11}'), '{"op":11}')
      assert.equal(decompressor.push(smallPackets[0]!.subarray(0, 10)), null)
      assert.equal(decompressor.push('{"op":1}'), '{"op":1}')
      assert.equal(decompressor.push(smallPackets[0]!.subarray(10)), smallMessages[0])
      assert.equal(decompressor.push(new Uint8Array(0)), null, 'an empty frame is nothing')
    })

    test('accepts plain Uint8Arrays and views at an offset into a larger buffer', () => {
      const decompressor = open({ output: 'string' })
      const arena = new ArrayBuffer(smallPackets.reduce((sum, packet) => sum + packet.byteLength + 3, 0))
      let offset = 3
      for (const [i, packet] of smallPackets.entries()) {
        const view = new Uint8Array(arena, offset, packet.byteLength)
        view.set(packet)
        offset += packet.byteLength + 3
        assert.equal(decompressor.push(view), smallMessages[i])
      }
    })

    test('close() frees the context: a later push throws instead of touching it, reset() reopens', () => {
      const decompressor = open({ output: 'string' })
      assert.equal(decompressor.push(smallPackets[0]!), smallMessages[0])
      decompressor.close()
      decompressor.close()
      assert.equal(decompressor.needsReset, true)
      assert.throws(() => decompressor.push(smallPackets[1]!), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
      decompressor.reset()
      assert.deepEqual(inflateAll(decompressor, otherPackets), otherMessages)
    })

    test('createDecompressor builds the same thing', () => {
      const decompressor = createDecompressor('zlib-stream', { backend, output: 'string' })
      assert.ok(decompressor instanceof ZlibStreamDecompressor)
      assert.equal(decompressor.backend, backend)
      assert.deepEqual(inflateAll(decompressor, smallPackets), smallMessages)
    })
  })
}

test('node:zlib: data after the end of the zlib stream is corrupt, not ignored', { skip: !zlibStreamBackends().includes('node:zlib') }, () => {
  const decompressor = new ZlibStreamDecompressor({ backend: 'node:zlib' })
  const ended = Buffer.concat([zlib.deflateSync('{"op":11}'), Buffer.from([0x00, 0x00, 0xff, 0xff])])
  assert.throws(() => decompressor.push(ended), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
})
