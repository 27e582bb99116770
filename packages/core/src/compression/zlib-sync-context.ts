import { Buffer } from 'node:buffer'
import { createRequire } from 'node:module'
import * as zlib from 'node:zlib'
import { DecompressionError } from '../errors.js'
import { ownedOutput } from './decompressed-output.js'
import type { DecompressedOutput } from './decompressed-output.js'
import type { ResolvedDecompressorOptions } from './resolve-decompressor-options.js'
import { corruptError, limitError } from './decompression-errors.js'
import { inflateSliceBytes } from './stream-context.js'
import type { Availability, StreamContext } from './stream-context.js'

/** The part of the optional `zlib-sync` package this file uses (declared here so it may be absent). */
interface ZlibSyncModule {
  Inflate: new (options?: { chunkSize?: number; to?: 'string'; windowBits?: number }) => ZlibSyncInflate
  Z_SYNC_FLUSH: number
}

interface ZlibSyncInflate {
  push(data: Uint8Array, flush?: boolean | number): void
  readonly err: number
  readonly msg: string | null
  readonly result: Buffer | string | null
}

let loaded: { addon: ZlibSyncModule } | { failure: Availability & { available: false } } | undefined

/**
 * Loads the optional zlib-sync addon once. It may be missing, or installed but unloadable (built
 * for another Node ABI, say): both mean "unavailable", never a crash.
 */
function load(): { addon: ZlibSyncModule } | { failure: Availability & { available: false } } {
  if (loaded !== undefined) return loaded
  // zlib-sync 0.1.10 aborts the whole process on Node 24: its destructor, run by the garbage
  // collector, trips a V8 assertion (RemoveEnvironmentCleanupHook with no environment). Seen
  // here in the codec benchmark, reproducibly; node:zlib is as fast, so it takes over there.
  if (Number(process.versions.node.split('.')[0]) >= 24) {
    loaded = { failure: { available: false, reason: 'zlib-sync aborts the process on Node 24 and later (a garbage-collector crash in its destructor)' } }
    return loaded
  }
  try {
    const addon = createRequire(import.meta.url)('zlib-sync') as ZlibSyncModule
    const sample = 'shardwire probe: {"op":10}'
    const inflate = new addon.Inflate()
    inflate.push(zlib.deflateSync(sample, { finishFlush: zlib.constants.Z_SYNC_FLUSH }), addon.Z_SYNC_FLUSH)
    const result = inflate.result
    if (inflate.err < 0 || !Buffer.isBuffer(result) || result.toString() !== sample) {
      loaded = { failure: { available: false, reason: 'zlib-sync loaded but returned wrong output' } }
    } else {
      loaded = { addon }
    }
  } catch (cause) {
    const reason = `zlib-sync could not be loaded: ${(cause as Error).message}`
    loaded = { failure: { available: false, reason, cause } }
  }
  return loaded
}

/** Whether the zlib-sync addon loads and works on this runtime (checked once per process). */
export function zlibSyncAvailability(): Availability {
  const result = load()
  return 'addon' in result ? { available: true } : result.failure
}

/** A zlib inflate context provided by the native zlib-sync addon. */
export class ZlibSyncContext implements StreamContext {
  readonly #inflate: ZlibSyncInflate
  readonly #flush: number
  readonly #limit: number
  readonly #output: DecompressedOutput

  /** Opens a context; call only where {@link zlibSyncAvailability} is true. */
  constructor(options: ResolvedDecompressorOptions) {
    const result = load()
    if (!('addon' in result)) {
      throw new DecompressionError('DECOMPRESS_UNAVAILABLE', result.failure.reason, { cause: result.failure.cause })
    }
    // 64 KiB output chunks: most messages inflate in one pass.
    this.#inflate = new result.addon.Inflate({ chunkSize: 64 * 1024 })
    this.#flush = result.addon.Z_SYNC_FLUSH
    this.#limit = options.maxMessageBytes
    this.#output = options.output
  }

  decompress(message: Uint8Array): Uint8Array | string {
    // zlib-sync inflates a whole push before returning, so a bomb is fed in slices and measured
    // between them; zlib-sync's string output cannot be used as slices may split a character.
    if (message.byteLength <= inflateSliceBytes) {
      const bytes = this.#push(message)
      if (bytes.byteLength > this.#limit) throw limitError(this.#limit)
      return ownedOutput(bytes, this.#output)
    }
    const parts: Buffer[] = []
    let total = 0
    for (let offset = 0; offset < message.byteLength; offset += inflateSliceBytes) {
      const bytes = this.#push(message.subarray(offset, offset + inflateSliceBytes))
      total += bytes.byteLength
      if (total > this.#limit) throw limitError(this.#limit)
      parts.push(bytes)
    }
    return ownedOutput(Buffer.concat(parts, total), this.#output)
  }

  // Z_SYNC_FLUSH on every slice makes each push return only its own output. Each property read
  // is a call into C++, and `result` is null exactly when zlib failed, so `err` and `msg` are
  // read only then: one call fewer per packet than checking `err` first.
  #push(slice: Uint8Array): Buffer {
    const inflate = this.#inflate
    inflate.push(slice, this.#flush)
    const result = inflate.result
    if (result === null) throw corruptError('zlib-sync', inflate.msg ?? `zlib error ${inflate.err}`)
    return result as Buffer
  }

  close(): void {
    // zlib-sync has no explicit free: its context goes with the garbage collector.
  }
}
