import type { Transform } from 'node:stream'

// node:zlib streams (deflate and, from Node 22.15, zstd) are driven by a native handle whose
// synchronous `writeSync` is internal API. Calling it directly keeps one context alive across
// messages (the public `*Sync` helpers close theirs) and keeps each message's bytes in order
// with every other write on the socket. PERFORMANCE.md measured this path as the fastest.
interface NativeHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void
}

interface HandleInternals {
  _handle?: NativeHandle | null
  _writeState?: Uint32Array
}

const chunkSize = 64 * 1024

/**
 * Wraps a node:zlib stream into a synchronous "compress and flush" step over its one context,
 * or returns null when this runtime does not expose the internals it needs.
 * @param stream - a fresh `createDeflate()` or `createZstdCompress()` stream
 * @param flush - the flush directive ending each message (`Z_SYNC_FLUSH`, `ZSTD_e_flush`)
 */
export function syncZlibStep(stream: Transform, flush: number): ((input: Uint8Array) => Uint8Array) | null {
  const { _handle: handle, _writeState: state } = stream as unknown as HandleInternals
  if (handle == null || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array)) return null
  let failure: Error | null = null
  // A native error is reported through the stream's 'error' event; without a listener it
  // would crash the process, so it is caught and rethrown from the call that caused it.
  stream.on('error', (error: Error) => {
    failure = error
  })
  return (input) => {
    const chunks: Uint8Array[] = []
    let inOff = 0
    let availIn = input.length
    for (;;) {
      const out = Buffer.allocUnsafe(chunkSize)
      handle.writeSync(flush, input, inOff, availIn, out, 0, chunkSize)
      if (failure !== null) throw failure
      const availOut = state[0] as number
      const availInAfter = state[1] as number
      if (availOut < chunkSize) chunks.push(out.subarray(0, chunkSize - availOut))
      inOff += availIn - availInAfter
      availIn = availInAfter
      // Space left in the output means the flush completed.
      if (availOut !== 0) break
    }
    return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks)
  }
}
