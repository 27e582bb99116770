// The server-side compressors, checked against independent decompressors (node:zlib's
// one-shot inflate, and zstd-napi's streaming context).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import zlib from 'node:zlib'
import { describe, test } from 'node:test'
import { createCompressor } from '../src/compression/create-compressor.js'
import { splitFrames } from '../src/compression/split-frames.js'
import { createDictionaryZlibCompressor, createZlibStreamCompressor } from '../src/compression/zlib-stream-compressor.js'
import { createZstdStreamCompressor } from '../src/compression/zstd-stream-compressor.js'
import { ZlibStreamDecompressor, zlibStreamBackends } from '@shardwire/core'

const require = createRequire(import.meta.url)
const zstd = require('zstd-napi/binding') as {
  DCtx: new () => { decompressStream(out: Uint8Array, input: Uint8Array): [number, number, number] }
}

const messages = ['{"op":10,"d":{"heartbeat_interval":41250}}', JSON.stringify({ big: 'é'.repeat(200_000) }), '{"op":11}']

describe('compressors', () => {
  test('zlib-stream: one context, every message ends with 00 00 ff ff and inflates on its own boundary', () => {
    const compressor = createCompressor('zlib-stream')
    assert.equal(compressor.backend, 'node:zlib')
    let stream = Buffer.alloc(0)
    const sizes: number[] = []
    for (const message of messages) {
      const out = Buffer.from(compressor.compress(Buffer.from(message)))
      assert.equal(out.readUInt32BE(out.length - 4), 0x0000ffff)
      stream = Buffer.concat([stream, out])
      sizes.push(out.length)
      const inflated = zlib.inflateSync(stream, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()
      assert.ok(inflated.endsWith(message))
    }
    // The shared context compresses a repeat of the first message to a few bytes.
    const again = compressor.compress(Buffer.from(messages[0]!))
    assert.ok(again.length < sizes[0]!, `${again.length} < ${sizes[0]}`)
    compressor.close()
  })

  test('zlib-stream without node:zlib internals: the public-API fallback, not a refused connection', () => {
    const compressor = createZlibStreamCompressor(() => null)
    assert.equal(compressor.backend, 'node:zlib deflateRawSync')
    assert.equal(compressor.compression, 'zlib-stream')
    assert.throws(() => createCompressor('brotli' as never), { code: 'SIMULATOR_COMPRESS_UNAVAILABLE' })
  })

  test('zlib-stream fallback: one stream with a shared window, read by every client backend, split or not', () => {
    const stream = [...messages, messages[0]!, '', messages[2]!]
    for (const backend of zlibStreamBackends()) {
      const compressor = createDictionaryZlibCompressor()
      const decompressor = new ZlibStreamDecompressor({ backend, output: 'string' })
      const sizes: number[] = []
      for (const [i, message] of stream.entries()) {
        const out = Buffer.from(compressor.compress(Buffer.from(message)))
        sizes.push(out.length)
        assert.equal(out.readUInt32BE(out.length - 4), 0x0000ffff)
        if (i === 0) assert.deepEqual([...out.subarray(0, 2)], [0x78, 0x9c], 'the zlib header opens the stream once')
        else assert.notDeepEqual([...out.subarray(0, 2)], [0x78, 0x9c])
        // Odd messages arrive in two frames, to prove the suffix rule still holds.
        const cut = i % 2 === 1 ? out.length >> 1 : out.length
        const head = decompressor.push(out.subarray(0, cut))
        const inflated = cut === out.length ? head : decompressor.push(out.subarray(cut))
        assert.equal(inflated, message, `${backend}: message ${i}`)
      }
      // The window is shared: a message right after a big one that ends with the same text
      // back-references it, which a context per message could not inflate.
      const repeat = compressor.compress(Buffer.from(messages[2]!))
      assert.ok(repeat.length < sizes[2]!, `${repeat.length} < ${sizes[2]}`)
      assert.equal(decompressor.push(repeat), messages[2])
      assert.throws(() => zlib.inflateRawSync(repeat), 'the repeat cannot be inflated without the earlier messages')
      compressor.close()
      decompressor.close()
    }
  })

  test('zstd-stream: flushed per message, never ended, one decoder context reads them all', () => {
    const compressor = createCompressor('zstd-stream')
    const decoder = new zstd.DCtx()
    for (const message of messages) {
      const out = compressor.compress(Buffer.from(message))
      const buffer = Buffer.alloc(1024 * 1024)
      const [, produced, consumed] = decoder.decompressStream(buffer, out)
      assert.equal(consumed, out.length)
      assert.equal(buffer.subarray(0, produced).toString(), message)
    }
    compressor.close()
  })

  test('zstd backends: native where node:zlib has zstd, else zstd-napi; none available is a typed error', () => {
    const native = typeof (zlib as { createZstdCompress?: unknown }).createZstdCompress === 'function'
    if (native) assert.equal(createZstdStreamCompressor(['node:zlib']).backend, 'node:zlib')
    else assert.throws(() => createZstdStreamCompressor(['node:zlib']), { code: 'SIMULATOR_COMPRESS_UNAVAILABLE' })
    assert.equal(createZstdStreamCompressor(['zstd-napi']).backend, 'zstd-napi')
    assert.equal(createZstdStreamCompressor().backend, native ? 'node:zlib' : 'zstd-napi')
    assert.throws(() => createZstdStreamCompressor([]), { code: 'SIMULATOR_COMPRESS_UNAVAILABLE' })
  })

  test('split frames: pieces of at most the given size, in order; 0 means one frame', () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i)
    assert.deepEqual(splitFrames(bytes, 4).map((f) => [...f]), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    assert.equal(splitFrames(bytes, 0).length, 1)
    assert.equal(splitFrames(bytes, 10).length, 1)
  })
})
