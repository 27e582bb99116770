import { Buffer } from 'node:buffer'
import * as zlib from 'node:zlib'
import { copyOutput, ownedOutput } from './decompressed-output.js'
import type { DecompressedOutput } from './decompressed-output.js'
import type { ResolvedDecompressorOptions } from './resolve-decompressor-options.js'
import { corruptError, limitError } from './decompression-errors.js'
import type { Availability, StreamContext } from './stream-context.js'

/*
 * node:zlib has no documented synchronous streaming API: `inflateSync` ends the stream, and
 * `_processChunk` closes the handle after one call. Its streams do drive a native handle with a
 * synchronous `writeSync` (used by `zlib.*Sync`), and calling that directly costs about 4 µs per
 * packet against 60+ µs for an async stream per message. These internals are undocumented, so
 * `nodeZlibAvailability` checks their shape and runs a self-test (correct output, errors
 * reported) before any decompressor relies on them; when the check fails, the backend is
 * unavailable and the decompressors fall back to zlib-sync, fflate or fzstd.
 */

/** Which node:zlib decompressor a context drives. */
export type NodeZlibKind = 'inflate' | 'zstd'

/** The internal handle of a node:zlib stream, as Node 20 to 24 define it. */
interface NativeHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    out: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void
  close(): void
  onerror: ((message: string, errno: number, code?: string) => void) | undefined
}

/** What `zlib.create*()` returns, seen through the internals this file relies on. */
interface StreamInternals {
  _handle?: unknown
  _writeState?: unknown
}

/** zstd exists in node:zlib from Node 22.15 / 23.8; older type definitions do not declare it. */
interface ZstdZlib {
  createZstdDecompress?: (options: zlib.ZlibOptions) => StreamInternals
  zstdCompressSync?: (data: Uint8Array) => Buffer
}

// Z_SYNC_FLUSH asks zlib for all the output it can give now; zstd decompression takes no flush
// mode (Node passes ZSTD_e_continue, 0, by default).
const flushFor = { inflate: zlib.constants.Z_SYNC_FLUSH, zstd: 0 } as const satisfies Record<NodeZlibKind, number>

// Output is written into a scratch buffer that every context of this thread shares (decompress
// is synchronous and copies its result out, so it is free again on return); larger messages
// continue in fresh buffers.
const scratchBytes = 64 * 1024
let scratch: Buffer | undefined

/** A native handle with the state array it reports progress in, and the stream that owns them. */
interface OpenedHandle {
  handle: NativeHandle
  state: Uint32Array
  owner: StreamInternals
}

/** Opens the native handle of a fresh node:zlib decompressor, or says why it cannot. */
function openHandle(kind: NodeZlibKind): OpenedHandle | string {
  const create =
    kind === 'inflate'
      ? (options: zlib.ZlibOptions): StreamInternals => zlib.createInflate(options) as unknown as StreamInternals
      : (zlib as ZstdZlib).createZstdDecompress
  if (create === undefined) return noZstd
  // The stream's own output buffer is never used: keep it at the minimum (64 bytes, not 16 KiB).
  const owner = create({ chunkSize: zlib.constants.Z_MIN_CHUNK })
  const handle = owner._handle as Partial<NativeHandle> | null | undefined
  const state = owner._writeState
  if (typeof handle?.writeSync !== 'function' || typeof handle.close !== 'function') {
    return 'node:zlib streams no longer expose a synchronous handle'
  }
  if (!(state instanceof Uint32Array) || state.length !== 2) return 'node:zlib streams no longer expose their write state'
  return { handle: handle as NativeHandle, state, owner }
}

const noZstd = 'this Node.js has no zstd in node:zlib (added in 22.15 and 23.8)'
const availability = new Map<NodeZlibKind, Availability>()

/**
 * Whether the synchronous node:zlib path works on this runtime for `kind`: checked once per
 * process by decompressing a message made with documented APIs and by feeding garbage, which
 * must be reported as an error.
 */
export function nodeZlibAvailability(kind: NodeZlibKind): Availability {
  let known = availability.get(kind)
  if (known === undefined) {
    known = probe(kind)
    availability.set(kind, known)
  }
  return known
}

function probe(kind: NodeZlibKind): Availability {
  try {
    // Over 64 KiB, so the output continues past the first scratch buffer.
    const text = 'shardwire probe: {"op":10,"d":{"heartbeat_interval":41250}}\n'.repeat(1200)
    const sample =
      kind === 'inflate'
        ? zlib.deflateSync(text, { finishFlush: zlib.constants.Z_SYNC_FLUSH })
        : (zlib as ZstdZlib).zstdCompressSync?.(Buffer.from(text))
    if (sample === undefined) return { available: false, reason: noZstd }
    const limits = { maxMessageBytes: text.length, output: 'string' } as const
    const good = NodeZlibContext.open(kind, limits)
    if (typeof good === 'string') return { available: false, reason: good }
    const result = good.decompress(sample)
    good.close()
    if (result !== text) return { available: false, reason: 'the synchronous node:zlib path returned wrong output' }
    const bad = NodeZlibContext.open(kind, limits)
    if (typeof bad === 'string') return { available: false, reason: bad }
    try {
      bad.decompress(Buffer.from('shardwire: not compressed'))
      return { available: false, reason: 'the synchronous node:zlib path did not report corrupt input' }
    } catch {
      return { available: true }
    } finally {
      bad.close()
    }
  } catch (cause) {
    return { available: false, reason: `the synchronous node:zlib self-test failed: ${(cause as Error).message}`, cause }
  }
}

/** A zlib inflate or zstd decompression context driven synchronously through node:zlib's native handle. */
export class NodeZlibContext implements StreamContext {
  readonly #backend: string
  readonly #handle: NativeHandle
  readonly #state: Uint32Array
  readonly #flush: number
  readonly #limit: number
  readonly #output: DecompressedOutput
  // Kept so the handle's owner lives as long as the handle does.
  readonly #owner: StreamInternals
  #error: string | undefined
  #closed = false

  private constructor(kind: NodeZlibKind, opened: OpenedHandle, options: ResolvedDecompressorOptions) {
    this.#backend = kind === 'inflate' ? 'node:zlib inflate' : 'node:zlib zstd'
    this.#handle = opened.handle
    this.#state = opened.state
    this.#owner = opened.owner
    this.#flush = flushFor[kind]
    this.#limit = options.maxMessageBytes
    this.#output = options.output
    // The stock handler destroys the stream and emits 'error' asynchronously; record it instead.
    this.#handle.onerror = (message) => {
      this.#error = message
    }
  }

  /** Opens a context, or returns why the internals it needs are missing (the probe's answer). */
  static open(kind: NodeZlibKind, options: ResolvedDecompressorOptions): NodeZlibContext | string {
    const opened = openHandle(kind)
    return typeof opened === 'string' ? opened : new NodeZlibContext(kind, opened, options)
  }

  decompress(message: Uint8Array): Uint8Array | string {
    // A native handle aborts the process when written after close: never let that happen.
    if (this.#closed) throw corruptError(this.#backend, 'context already closed')
    const handle = this.#handle
    const state = this.#state
    let out = (scratch ??= Buffer.allocUnsafeSlow(scratchBytes))
    let outOffset = 0
    let inOffset = 0
    let inLength = message.byteLength
    let total = 0
    let full: Buffer[] | undefined
    for (;;) {
      const room = out.byteLength - outOffset
      try {
        handle.writeSync(this.#flush, message, inOffset, inLength, out, outOffset, room)
      } catch (cause) {
        throw corruptError(this.#backend, (cause as Error).message, cause)
      }
      if (this.#error !== undefined) throw corruptError(this.#backend, this.#error)
      const produced = room - state[0]
      const consumed = inLength - state[1]
      total += produced
      if (total > this.#limit) throw limitError(this.#limit)
      outOffset += produced
      inOffset += consumed
      inLength -= consumed
      if (state[0] === 0) {
        // Output is full, so more may be pending (a message over 64 KiB): continue in a fresh buffer.
        full ??= []
        full.push(out)
        out = Buffer.allocUnsafeSlow(scratchBytes)
        outOffset = 0
      } else if (inLength === 0) {
        break
      } else if (produced === 0 && consumed === 0) {
        // Input is left but the engine makes no progress: data after the end of the stream.
        throw corruptError(this.#backend, 'data after the end of the compressed stream')
      }
      // Otherwise a zstd frame ended mid-message: keep going with the rest of the input.
    }
    scratch = out
    if (full === undefined) return copyOutput(out, outOffset, this.#output)
    full.push(out.subarray(0, outOffset))
    return ownedOutput(Buffer.concat(full, total), this.#output)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#handle.onerror = undefined
    this.#handle.close()
  }
}
