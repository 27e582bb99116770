// createDecompressor: one decompressor per compression, option validation, the passthrough.
import assert from 'node:assert/strict'
import { Buffer } from 'node:buffer'
import { test } from 'node:test'
import {
  createDecompressor,
  InvalidOptionError,
  PassthroughDecompressor,
  PayloadDecompressor,
  ZlibStreamDecompressor,
  ZstdStreamDecompressor,
  zlibStreamBackends,
  zstdStreamBackends,
} from '../src/index.js'
import type { Compression } from '../src/index.js'

const compressions = ['none', 'payload', 'zlib-stream', 'zstd-stream'] as const satisfies readonly Compression[]

function assertInvalid(fn: () => unknown, option: string): void {
  assert.throws(fn, { name: 'InvalidOptionError', code: 'INVALID_OPTION', option })
  assert.throws(fn, InvalidOptionError)
}

test('each compression gets its decompressor, with the best backend by default', () => {
  const classes = { none: PassthroughDecompressor, payload: PayloadDecompressor, 'zlib-stream': ZlibStreamDecompressor, 'zstd-stream': ZstdStreamDecompressor }
  for (const compression of compressions) {
    const decompressor = createDecompressor(compression)
    assert.ok(decompressor instanceof classes[compression], compression)
    assert.equal(decompressor.compression, compression)
    assert.equal(decompressor.needsReset, false)
    decompressor.close()
  }
  assert.equal(createDecompressor('zlib-stream').backend, zlibStreamBackends()[0])
  assert.equal(createDecompressor('zstd-stream').backend, zstdStreamBackends()[0])
})

test('an unknown compression is an invalid option', () => {
  for (const compression of ['gzip', 'ZLIB-STREAM', '', 42, undefined, 'toString', '__proto__']) {
    assertInvalid(() => createDecompressor(compression as Compression), 'compression')
  }
})

test('maxMessageBytes must be a positive integer', () => {
  for (const compression of compressions) {
    for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1024', null]) {
      assertInvalid(() => createDecompressor(compression, { maxMessageBytes: value as number }), 'maxMessageBytes')
    }
    createDecompressor(compression, { maxMessageBytes: 1 }).close()
  }
})

test('output must be bytes or string; options must be an object', () => {
  for (const compression of ['payload', 'zlib-stream', 'zstd-stream'] as const) {
    assertInvalid(() => createDecompressor(compression, { output: 'text' as 'string' }), 'output')
    assertInvalid(() => createDecompressor(compression, null as unknown as undefined), 'options')
    assertInvalid(() => createDecompressor(compression, 5 as unknown as undefined), 'options')
  }
})

test('a backend name the compression does not have is an invalid option', () => {
  for (const backend of ['fzstd', 'pako', 'NODE:ZLIB', 42]) {
    assertInvalid(() => createDecompressor('zlib-stream', { backend: backend as 'fflate' }), 'backend')
  }
  for (const backend of ['zlib-sync', 'fflate', 'native']) {
    assertInvalid(() => createDecompressor('zstd-stream', { backend: backend as 'fzstd' }), 'backend')
  }
})

test('forcing a backend this runtime lacks throws DECOMPRESS_UNAVAILABLE (where one is lacking)', () => {
  // decompression-backends.test.ts simulates missing backends so this is asserted on every runtime.
  const missing = [
    ...(['node:zlib', 'zlib-sync'] as const).filter((b) => !zlibStreamBackends().includes(b)).map((b) => () => new ZlibStreamDecompressor({ backend: b })),
    ...(['node:zlib'] as const).filter((b) => !zstdStreamBackends().includes(b)).map((b) => () => new ZstdStreamDecompressor({ backend: b })),
  ]
  for (const open of missing) {
    assert.throws(open, { name: 'DecompressionError', code: 'DECOMPRESS_UNAVAILABLE' })
  }
})

test('the passthrough returns messages unchanged and still enforces maxMessageBytes', () => {
  const decompressor = new PassthroughDecompressor({ maxMessageBytes: 16 })
  assert.equal(decompressor.backend, 'none')
  const bytes = Buffer.from('{"op":11}')
  assert.equal(decompressor.push(bytes), bytes)
  assert.equal(decompressor.push('{"op":11}'), '{"op":11}')
  assert.throws(() => decompressor.push('x'.repeat(17)), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
  assert.equal(decompressor.needsReset, true)
  assert.throws(() => decompressor.push('{}'), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
  decompressor.reset()
  assert.equal(decompressor.push(new Uint8Array(16)).length, 16)
  assert.throws(() => decompressor.push(new Uint8Array(17)), { name: 'DecompressionError', code: 'DECOMPRESS_LIMIT' })
})

test('after close(), every decompressor refuses input until reset()', () => {
  for (const compression of compressions) {
    const decompressor = createDecompressor(compression)
    decompressor.close()
    assert.equal(decompressor.needsReset, true, compression)
    assert.throws(() => decompressor.push('{"op":11}'), { name: 'DecompressionError', code: 'DECOMPRESS_NEEDS_RESET' })
    decompressor.reset()
    assert.equal(decompressor.push('{"op":11}'), '{"op":11}')
    decompressor.close()
  }
})
