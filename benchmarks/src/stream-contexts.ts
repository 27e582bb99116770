import type { Transform } from 'node:stream'
import * as zlib from 'node:zlib'
import { Decompress as FzstdDecompress } from 'fzstd'
import { nativeZstd, zlibSync } from './native-modules.js'
import { createSyncDriver } from './sync-zlib-handle.js'

/** A fresh decompression context for one connection: push one packet, get one message. */
export interface StreamContext {
  push(packet: Uint8Array): string | Uint8Array | null
  close?(): void
}

/** The same, for contexts that answer asynchronously. */
export interface AsyncStreamContext {
  push(packet: Uint8Array): Promise<Uint8Array>
  close(): void
}

/** Raw zlib-sync, as Discord libraries call it: one Inflate, `push(packet, Z_SYNC_FLUSH)`, read `result`. */
export function openZlibSync(to: 'string' | 'buffer'): StreamContext {
  if (!zlibSync.ok) throw new Error(zlibSync.reason)
  const { Inflate, Z_SYNC_FLUSH } = zlibSync.module
  const inflate = to === 'string' ? new Inflate({ chunkSize: 65535, to: 'string' }) : new Inflate({ chunkSize: 65535 })
  return {
    push(packet) {
      inflate.push(packet as Buffer, Z_SYNC_FLUSH)
      if (inflate.err < 0) throw new Error(`zlib-sync: ${inflate.msg ?? inflate.err}`)
      return inflate.result
    },
  }
}

/** node:zlib's native inflate driven synchronously through its handle, no stream. */
export function openNodeZlibSync(): StreamContext {
  const inflate = zlib.createInflate()
  const push = createSyncDriver(inflate, zlib.constants.Z_SYNC_FLUSH)
  return { push, close: () => inflate.close() }
}

/** node:zlib's native zstd decompression driven synchronously through its handle: the raw baseline. */
export function openNativeZstdSync(): StreamContext {
  if (nativeZstd === null) throw new Error('node:zlib has no zstd on this runtime')
  const stream = nativeZstd.createDecompress()
  const push = createSyncDriver(stream, nativeZstd.continue)
  return { push, close: () => stream.destroy() }
}

/**
 * A node:zlib stream used as a popular peer uses it: write each packet, wait for the write
 * callback, then join the 'data' chunks it produced. Every message costs a trip through the
 * threadpool and the event loop.
 */
function openAsyncStream(stream: Transform): AsyncStreamContext {
  let chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  return {
    async push(packet) {
      await new Promise<void>((resolve, reject) => {
        stream.write(packet, (error) => (error ? reject(error) : resolve()))
      })
      const out = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
      chunks = []
      return out
    },
    close: () => stream.destroy(),
  }
}

/** node:zlib `createInflate` used asynchronously per message. */
export const openNodeZlibAsync = (): AsyncStreamContext => openAsyncStream(zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH }))

/** node:zlib native zstd used asynchronously per message. */
export function openNativeZstdAsync(): AsyncStreamContext {
  if (nativeZstd === null) throw new Error('node:zlib has no zstd on this runtime')
  return openAsyncStream(nativeZstd.createDecompress())
}

/** fzstd's streaming `Decompress` (pure JS), fed one packet at a time. */
export function openFzstd(): StreamContext {
  let chunks: Uint8Array[] = []
  const decompress = new FzstdDecompress((chunk) => chunks.push(chunk))
  return {
    push(packet) {
      decompress.push(packet)
      const out = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks)
      chunks = []
      return out
    },
  }
}

const lengthOf = (output: string | Uint8Array | null): number =>
  output === null ? 0 : typeof output === 'string' ? output.length : output.byteLength

/** Replays the first `limit` packets of a stream through a fresh context; returns the output size. */
export function replay(packets: readonly Uint8Array[], open: () => StreamContext, limit = packets.length): number {
  const context = open()
  let total = 0
  for (let i = 0; i < limit; i++) total += lengthOf(context.push(packets[i] as Uint8Array))
  context.close?.()
  return total
}

/** {@link replay} for asynchronous contexts. */
export async function replayAsync(packets: readonly Uint8Array[], open: () => AsyncStreamContext, limit = packets.length): Promise<number> {
  const context = open()
  let total = 0
  for (let i = 0; i < limit; i++) total += (await context.push(packets[i] as Uint8Array)).byteLength
  context.close()
  return total
}

/** Replays a stream and decodes every message: a whole receive pipeline. Returns the event count. */
export function replayDecode(
  packets: readonly Uint8Array[],
  open: () => StreamContext,
  decode: (message: string | Uint8Array) => unknown,
  limit = packets.length,
): number {
  const context = open()
  let decoded = 0
  for (let i = 0; i < limit; i++) {
    const message = context.push(packets[i] as Uint8Array)
    if (message !== null && decode(message) !== undefined) decoded++
  }
  context.close?.()
  return decoded
}

/** Every message a context produces for a stream, for checking a case before timing it. */
export async function collect(packets: readonly Uint8Array[], open: () => StreamContext | AsyncStreamContext, limit: number): Promise<Array<string | Uint8Array | null>> {
  const context = open()
  const out: Array<string | Uint8Array | null> = []
  for (let i = 0; i < limit; i++) out.push(await context.push(packets[i] as Uint8Array))
  context.close?.()
  return out
}

