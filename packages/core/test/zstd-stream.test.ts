// zstd-stream transport compression, run against every backend this runtime has, on streams made
// by real compressors that keep one frame open and flush after each message (as the gateway does):
// zstd-napi everywhere, and node:zlib's own zstd where the runtime has it.
import assert from 'node:assert/strict'
import { Buffer } from 'node:buffer'
import { describe, test } from 'node:test'
import { createDecompressor, DecompressionError, ZstdStreamDecompressor, zstdStreamBackends } from '../src/index.js'
import type { DecompressedOutput, Decompressor } from '../src/index.js'
import { asText, gatewayEvents, incompressibleEvent, largeEvent, seededRandom, zstdCompressors, zstdFrame } from './compression-fixtures.js'

const events = gatewayEvents(40, 21)
const over64KiB = largeEvent(70 * 1024, 22)
const over128KiB = largeEvent(200 * 1024, 23)
const messages = [...events.slice(0, 15), over64KiB, ...events.slice(15, 30), over128KiB, incompressibleEvent(150 * 1024, 24), ...events.slice(30)]
const otherMessages = gatewayEvents(8, 98)
const bombMessage = Buffer.alloc(48 * 1024 * 1024)

test('the fixtures hold what the tests rely on', () => {
  assert.ok(Buffer.byteLength(over64KiB) > 64 * 1024)
  assert.ok(Buffer.byteLength(over128KiB) > 128 * 1024)
  assert.equal(zstdStreamBackends().at(-1), 'fzstd', 'the pure-JS fallback is always available')
})

function inflateAll(decompressor: Decompressor, input: readonly Uint8Array[]): (string | null)[] {
  return input.map((packet) => asText(decompressor.push(packet)))
}


for (const compressor of zstdCompressors()) {
  const packets = await compressor.packets(messages)
  const otherPackets = await compressor.packets(otherMessages)
  const bomb = (await compressor.packets([bombMessage]))[0]!

  for (const backend of zstdStreamBackends()) {
    const open = (options: { maxMessageBytes?: number; output?: DecompressedOutput } = {}): ZstdStreamDecompressor =>
      new ZstdStreamDecompressor({ backend, ...options })

    describe(`zstd-stream with ${backend}, compressed by ${compressor.name}`, () => {
      for (const output of ['bytes', 'string'] as const) {
        test(`decompresses messages in sequence, including ones over 64 KiB and 128 KiB (${output} output)`, () => {
          const decompressor = open({ output })
          assert.equal(decompressor.backend, backend)
          assert.equal(decompressor.compression, 'zstd-stream')
          for (const [i, packet] of packets.entries()) {
            const message = decompressor.push(packet)
            if (output === 'string') assert.equal(typeof message, 'string')
            else assert.ok(message instanceof Uint8Array)
            assert.equal(asText(message), messages[i], `message ${i}`)
          }
          decompressor.close()
        })
      }

      test('two connections in one thread keep separate contexts', () => {
        const first = open({ output: 'string' })
        const second = open()
        for (let i = 0; i < otherPackets.length; i++) {
          assert.equal(first.push(packets[i]!), messages[i])
          assert.equal(asText(second.push(otherPackets[i]!)), otherMessages[i])
        }
      })

      test('reset() mid-stream starts a fresh context for a new connection', () => {
        const decompressor = open({ output: 'string' })
        assert.deepEqual(inflateAll(decompressor, packets.slice(0, 5)), messages.slice(0, 5))
        decompressor.reset()
        assert.equal(decompressor.needsReset, false)
        assert.deepEqual(inflateAll(decompressor, otherPackets), otherMessages)
      })

      test('corrupt input throws DECOMPRESS_CORRUPT, then DECOMPRESS_NEEDS_RESET until reset()', () => {
        const decompressor = open({ output: 'string' })
        const badMagic = Buffer.from(packets[0]!)
        badMagic[0] = 0x29
        assert.throws(() => decompressor.push(badMagic), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
        assert.equal(decompressor.needsReset, true)
        assert.throws(() => decompressor.push(packets[0]!), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
        decompressor.reset()

        // Mid-stream, each message starts with a block header whose bits 1-2 are the block type; 3 is reserved.
        assert.deepEqual(inflateAll(decompressor, packets.slice(0, 3)), messages.slice(0, 3))
        const flipped = Buffer.from(packets[3]!)
        flipped[0]! |= 0x06
        assert.throws(() => decompressor.push(flipped), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
        assert.throws(() => decompressor.push('text'), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
        decompressor.reset()
        assert.deepEqual(inflateAll(decompressor, packets.slice(0, 5)), messages.slice(0, 5))
      })

      test('a truncated message (no whole block) is corrupt, not merged into the next one', () => {
        const decompressor = open({ output: 'string' })
        assert.deepEqual(inflateAll(decompressor, packets.slice(0, 2)), messages.slice(0, 2))
        assert.throws(() => decompressor.push(packets[2]!.subarray(0, packets[2]!.byteLength - 5)), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
        assert.equal(decompressor.needsReset, true)
      })

      test('seeded random corruption only ever fails with a DecompressionError', () => {
        const random = seededRandom(31)
        let failures = 0
        for (let trial = 0; trial < 40; trial++) {
          const decompressor = open({ maxMessageBytes: 4 * 1024 * 1024 })
          const target = Math.floor(random() * 10)
          const corrupt = packets.slice(0, 10).map((packet) => Buffer.from(packet))
          for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
            corrupt[target]![Math.floor(random() * corrupt[target]!.byteLength)] ^= 1 + Math.floor(random() * 255)
          }
          try {
            inflateAll(decompressor, corrupt)
          } catch (error) {
            assert.ok(error instanceof DecompressionError, `trial ${trial}: ${String(error)}`)
            assert.ok(error.code === 'DECOMPRESS_CORRUPT' || error.code === 'DECOMPRESS_LIMIT', error.code)
            failures++
          }
          decompressor.close()
        }
        assert.ok(failures > 0, 'some corruptions are detected')
      })

      test('a bomb throws DECOMPRESS_LIMIT, and the context needs reset()', () => {
        assert.ok(bomb.byteLength < 64 * 1024, `the bomb is small (${bomb.byteLength} bytes)`)
        const decompressor = open({ maxMessageBytes: 1024 * 1024 })
        assert.throws(() => decompressor.push(bomb), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
        assert.throws(() => decompressor.push(packets[0]!), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
        decompressor.reset()
        assert.deepEqual(inflateAll(decompressor, otherPackets), otherMessages)
      })

      test('output of exactly maxMessageBytes is accepted, one byte more is not', () => {
        const size = Buffer.byteLength(messages[0]!)
        assert.equal(open({ maxMessageBytes: size, output: 'string' }).push(packets[0]!), messages[0])
        assert.throws(() => open({ maxMessageBytes: size - 1 }).push(packets[0]!), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
      })

      test('text frames pass through; views at an offset are read correctly', () => {
        const decompressor = open({ output: 'string' })
        assert.equal(decompressor.push('{"op":11}'), '{"op":11}')
        for (const [i, packet] of packets.slice(0, 6).entries()) {
          const arena = new Uint8Array(packet.byteLength + 9)
          arena.set(packet, 5)
          assert.equal(decompressor.push(arena.subarray(5, 5 + packet.byteLength)), messages[i])
        }
      })

      test('a message that ends one frame and starts another decodes whole', () => {
        const decompressor = open({ output: 'string' })
        const [first, second] = otherMessages as [string, string]
        assert.equal(decompressor.push(Buffer.concat([zstdFrame(first), zstdFrame(second)])), first + second)
      })

      test('close() frees the context: a later push throws instead of touching it, reset() reopens', () => {
        const decompressor = open({ output: 'string' })
        assert.equal(decompressor.push(packets[0]!), messages[0])
        decompressor.close()
        decompressor.close()
        assert.throws(() => decompressor.push(packets[1]!), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
        decompressor.reset()
        assert.deepEqual(inflateAll(decompressor, otherPackets), otherMessages)
      })

      test('createDecompressor builds the same thing', () => {
        const decompressor = createDecompressor('zstd-stream', { backend, output: 'string' })
        assert.ok(decompressor instanceof ZstdStreamDecompressor)
        assert.deepEqual(inflateAll(decompressor, otherPackets), otherMessages)
      })
    })
  }
}

test('fzstd reports a first message shorter than a frame header instead of merging it into the next', async () => {
  const [tiny, next] = await zstdCompressors()[0]!.packets(['x', '{"op":11}'])
  assert.ok(tiny!.byteLength < 18)
  const decompressor = new ZstdStreamDecompressor({ backend: 'fzstd', output: 'string' })
  assert.throws(() => decompressor.push(tiny!), { name: 'DecompressionError', code: 'DECOMPRESS_CORRUPT' })
  if (zstdStreamBackends().includes('node:zlib')) {
    const native = new ZstdStreamDecompressor({ backend: 'node:zlib', output: 'string' })
    assert.deepEqual([native.push(tiny!), native.push(next!)], ['x', '{"op":11}'])
  }
})
