import type { Transform } from 'node:stream'

// The native handle behind every node:zlib stream. Its `writeSync` runs one call of the codec
// on caller-owned buffers and reports the space left in `_writeState` as [availOut, availIn].
interface NativeZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void
}

interface ZlibInternals {
  _handle: NativeZlibHandle | null
  _writeState: Uint32Array
}

/**
 * Drives a node:zlib stream (deflate, inflate, zstd) synchronously, one chunk per call, with no
 * stream machinery: the mechanism of `zlib.inflateSync`, minus the close at the end that would
 * end the shared context. This is the "raw native" baseline and the way inputs are compressed.
 * @param flush - flush flag applied to every chunk (`Z_SYNC_FLUSH`, `ZSTD_e_flush`, …)
 */
export function createSyncDriver(stream: Transform, flush: number, outSize = 64 * 1024): (chunk: Uint8Array) => Buffer {
  const internals = stream as unknown as ZlibInternals
  const handle = internals._handle
  if (handle === null) throw new Error('node:zlib stream has no native handle (already closed)')
  const state = internals._writeState
  const out = Buffer.allocUnsafe(outSize)
  return (chunk) => {
    let inOff = 0
    let availIn = chunk.byteLength
    const parts: Buffer[] = []
    let total = 0
    for (;;) {
      handle.writeSync(flush, chunk, inOff, availIn, out, 0, out.length)
      const availOut = state[0] as number
      const availInAfter = state[1] as number
      const produced = out.length - availOut
      if (produced > 0) {
        parts.push(Buffer.from(out.subarray(0, produced)))
        total += produced
      }
      // A full output buffer means the codec may have more to give: call again.
      if (availOut !== 0) break
      inOff += availIn - availInAfter
      availIn = availInAfter
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total)
  }
}
