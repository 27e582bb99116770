// The frame capture file: bounded by maxBytes without ever writing part of a frame, read back
// exactly as written, and refused (CAPTURE_INVALID) when it is not a capture.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { InvalidOptionError, ShardwireError } from '@shardwire/core'
import { captureFilePath, FrameCaptureWriter, parseFrameCapture, readFrameCapture } from '@shardwire/worker'

const dir = mkdtempSync(join(tmpdir(), 'shardwire-capture-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** Frames of varied sizes and kinds: bytes of every value, and text with non-ASCII characters. */
function sampleFrames(count: number): Array<Uint8Array | string> {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 0 ? `{"op":0,"t":"MESSAGE_CREATE","d":{"content":"héllo ✓ ${i}"}}` : Uint8Array.from({ length: 1 + ((i * 37) % 700) }, (_, j) => (i + j * 7) % 256),
  )
}

test('round trip: what the writer records, the reader gives back byte for byte, with the header', () => {
  const path = join(dir, 'round-trip.ndjson')
  const writer = new FrameCaptureWriter({ path, maxBytes: 1 << 20, encoding: 'etf', compression: 'zstd-stream', workerId: 3 })
  const frames = sampleFrames(50)
  frames.forEach((frame, i) => assert.equal(writer.record(i % 2, 1 + (i % 3), frame), true))
  assert.equal(writer.frames, 50)
  writer.close()
  assert.equal(writer.record(0, 1, 'after close'), false, 'a closed writer records nothing')
  assert.equal(statSync(path).size, writer.bytes)
  const [segment, ...rest] = readFrameCapture(path)
  assert.equal(rest.length, 0)
  assert.ok(segment !== undefined)
  assert.equal(segment.header.format, 'shardwire-capture')
  assert.equal(segment.header.version, 1)
  assert.equal(segment.header.encoding, 'etf')
  assert.equal(segment.header.compression, 'zstd-stream')
  assert.equal(segment.header.node, process.version)
  assert.equal(segment.header.workerId, 3)
  assert.equal(segment.frames.length, frames.length)
  segment.frames.forEach((frame, i) => {
    assert.equal(frame.shardId, i % 2)
    assert.equal(frame.connection, 1 + (i % 3))
    assert.ok(frame.at >= 0)
    const original = frames[i]!
    if (typeof original === 'string') assert.equal(frame.data, original)
    else assert.deepEqual(new Uint8Array(frame.data as Uint8Array), original)
  })
})

test('maxBytes bounds the file: it never exceeds it, and it stops at the first frame that does not fit', () => {
  for (const maxBytes of [1024, 5000, 20_000]) {
    const path = join(dir, `bounded-${maxBytes}.ndjson`)
    const writer = new FrameCaptureWriter({ path, maxBytes, encoding: 'json', compression: 'zlib-stream' })
    const frames = sampleFrames(200)
    const recorded = frames.map((frame) => writer.record(0, 1, frame))
    writer.close()
    const stopped = recorded.indexOf(false)
    assert.ok(stopped > 0 || maxBytes === 1024, 'something was recorded before the bound')
    assert.ok(stopped !== -1, 'the bound was reached')
    // Never a frame after the first one refused, even a smaller one that would have fitted:
    // a stream with a hole would not decompress.
    assert.ok(recorded.slice(stopped).every((ok) => !ok))
    const text = readFileSync(path, 'utf8')
    assert.ok(Buffer.byteLength(text) <= maxBytes, `${Buffer.byteLength(text)} <= ${maxBytes}`)
    assert.equal(Buffer.byteLength(text), writer.bytes)
    assert.ok(text.endsWith('\n'), 'the last line is whole')
    const frameLines = text.trimEnd().split('\n').slice(1)
    assert.equal(frameLines.length, stopped)
    // Every line parses: nothing partial.
    const [segment] = parseFrameCapture(text)
    assert.equal(segment?.frames.length, stopped)
    assert.equal(writer.full, true)
  }
})

test('a frame larger than the whole bound is refused and stops the capture', () => {
  const path = join(dir, 'huge.ndjson')
  const writer = new FrameCaptureWriter({ path, maxBytes: 2048, encoding: 'json', compression: 'none' })
  assert.equal(writer.record(0, 1, 'x'.repeat(4096)), false)
  assert.equal(writer.record(0, 1, '{}'), false)
  writer.close()
  const [segment] = readFrameCapture(path)
  assert.equal(segment?.frames.length, 0)
})

test('several segments in one file are read as such; a last line cut short is ignored', () => {
  const first = join(dir, 'a.ndjson')
  const second = join(dir, 'b.ndjson')
  for (const [path, compression] of [[first, 'zlib-stream'], [second, 'payload']] as const) {
    const writer = new FrameCaptureWriter({ path, maxBytes: 1 << 16, encoding: 'json', compression })
    writer.record(1, 1, 'one')
    writer.record(1, 2, 'two')
    writer.close()
  }
  const joined = `${readFileSync(first, 'utf8')}${readFileSync(second, 'utf8')}{"shard":1,"connection":2,"at":5,"bin`
  const segments = parseFrameCapture(joined)
  assert.deepEqual(segments.map((s) => [s.header.compression, s.frames.map((f) => f.data)]), [['zlib-stream', ['one', 'two']], ['payload', ['one', 'two']]])
})

test('a file that is not a capture is refused with CAPTURE_INVALID naming the line', () => {
  const invalid = (text: string, pattern: RegExp): void => {
    assert.throws(() => parseFrameCapture(text, 'x.ndjson'), (error: unknown) => error instanceof ShardwireError && error.code === 'CAPTURE_INVALID' && pattern.test(error.message))
  }
  invalid('', /no capture header/)
  invalid('{"shard":0,"connection":1,"at":0,"binary":false,"length":2,"data":"e30="}\n', /line 1: a frame before any capture header/)
  invalid('{"format":"other"}\n', /not a shardwire capture/)
  invalid('{"format":"shardwire-capture","version":2,"encoding":"json","compression":"none","node":"v20","startedAt":"x"}\n', /version 2/)
  const header = '{"format":"shardwire-capture","version":1,"encoding":"json","compression":"none","node":"v20","startedAt":"x"}\n'
  invalid(`${header}not json\n{}\n`, /line 2: not a JSON line/)
  invalid(`${header}{"shard":0,"connection":1,"at":0,"binary":false,"length":3,"data":"e30="}\n`, /line 2: the frame holds 2 bytes, its length says 3/)
  invalid(`${header}{"shard":-1,"connection":1}\n`, /line 2: a frame needs/)
  const missing = join(dir, 'missing.ndjson')
  assert.throws(() => readFrameCapture(missing), (error: unknown) => error instanceof ShardwireError && error.code === 'CAPTURE_INVALID')
})

test('the writer validates its options, and a file it cannot create is CAPTURE_WRITE_FAILED', () => {
  const base = { path: join(dir, 'v.ndjson'), maxBytes: 4096, encoding: 'json', compression: 'none' } as const
  assert.throws(() => new FrameCaptureWriter({ ...base, maxBytes: 100 }), (error: unknown) => error instanceof InvalidOptionError && error.option === 'capture.maxBytes')
  assert.throws(() => new FrameCaptureWriter({ ...base, path: '' }), (error: unknown) => error instanceof InvalidOptionError && error.option === 'capture.path')
  assert.throws(() => new FrameCaptureWriter({ ...base, compression: 'gzip' as 'none' }), (error: unknown) => error instanceof InvalidOptionError && error.option === 'compression')
  assert.throws(() => new FrameCaptureWriter({ ...base, path: join(dir, 'no-such-dir', 'x.ndjson') }), (error: unknown) => error instanceof ShardwireError && error.code === 'CAPTURE_WRITE_FAILED')
  writeFileSync(join(dir, 'w.ndjson'), 'old content that must go\n')
  const writer = new FrameCaptureWriter({ ...base, path: join(dir, 'w.ndjson') })
  writer.close()
  assert.doesNotMatch(readFileSync(join(dir, 'w.ndjson'), 'utf8'), /old content/, 'an existing file is started anew')
  assert.equal(captureFilePath('/tmp/cap', 2), '/tmp/cap.w2')
})

test('a writer of the same run continues the file with a new segment within the same bound; another run starts it anew', () => {
  const path = join(dir, 'runs.ndjson')
  const open = (run: string, maxBytes = 4096): FrameCaptureWriter => new FrameCaptureWriter({ path, maxBytes, encoding: 'json', compression: 'zlib-stream', run })
  const first = open('run-1')
  first.record(0, 1, 'first')
  first.close()
  // A restarted worker of the same run: a second segment, the first kept.
  const second = open('run-1')
  assert.equal(second.bytes, statSync(path).size, 'the existing bytes count toward the bound')
  while (second.record(0, 1, 'x'.repeat(100))) {
    // fill up to the bound
  }
  second.close()
  assert.ok(statSync(path).size <= 4096)
  const segments = readFrameCapture(path)
  assert.deepEqual(segments.map((segment) => segment.header.run), ['run-1', 'run-1'])
  assert.equal(segments[0]?.frames[0]?.data, 'first')
  // No room left for even a header: a third writer of the run records nothing and leaves the file whole.
  const third = open('run-1', statSync(path).size + 10)
  assert.equal(third.full, true)
  assert.equal(third.record(0, 1, 'y'), false)
  third.close()
  assert.equal(readFrameCapture(path).length, 2)
  // Another run (a new manager) starts the file anew.
  const fresh = open('run-2')
  fresh.record(0, 1, 'fresh')
  fresh.close()
  assert.deepEqual(readFrameCapture(path).map((segment) => [segment.header.run, segment.frames.map((frame) => frame.data)]), [['run-2', ['fresh']]])
})
