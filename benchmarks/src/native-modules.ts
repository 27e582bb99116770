import { createRequire } from 'node:module'
import type { Transform } from 'node:stream'
import * as zlib from 'node:zlib'

// Native addons are built for one Node ABI (Node 20 in this tree). On another runtime they
// fail to load; the benchmark then skips their rows and says why instead of crashing.
const require = createRequire(import.meta.url)

/** A native module, or why it could not be loaded. */
export type Loaded<T> = { ok: true; module: T } | { ok: false; reason: string }

function load<T>(id: string): Loaded<T> {
  try {
    return { ok: true, module: require(id) as T }
  } catch (error) {
    const message = String((error as Error).message)
    const abi = /NODE_MODULE_VERSION|did not self-register/.test(message)
    const why = abi ? 'native addon built for another Node ABI' : (message.split('\n')[0] ?? '').slice(0, 100)
    return { ok: false, reason: `${id} does not load on Node ${process.versions.node} (${why})` }
  }
}

/** Discord's reference ETF codec (C++). */
export const erlpack = load<typeof import('erlpack')>('erlpack')
/**
 * The native zlib binding most Discord libraries use for zlib-stream. On Node 24 it aborts the
 * process from its destructor (see @shardwire/core's zlib-sync backend), so it is not loaded there.
 */
export const zlibSync: Loaded<typeof import('zlib-sync')> =
  Number(process.versions.node.split('.')[0]) >= 24
    ? { ok: false, reason: `zlib-sync aborts the process on Node ${process.versions.node} (a crash in its destructor)` }
    : load<typeof import('zlib-sync')>('zlib-sync')
/** libzstd bindings, used to compress zstd-stream inputs where `node:zlib` has no zstd. */
export const zstdNapi = load<typeof import('zstd-napi/binding.js')>('zstd-napi/binding')

// @types/node 20 does not describe zstd, which node:zlib gained in Node 22.15.
interface ZlibWithZstd {
  createZstdCompress?: () => Transform
  createZstdDecompress?: () => Transform
  constants: Record<string, number>
}

/** node:zlib's zstd streams and flush flags, where the runtime has them (Node 22.15 and later). */
export interface NativeZstd {
  createCompress(): Transform
  createDecompress(): Transform
  /** `ZSTD_e_flush`: end a block so the message can be decoded now, keeping the frame open. */
  readonly flush: number
  /** `ZSTD_e_continue`. */
  readonly continue: number
}

const zstdZlib = zlib as unknown as ZlibWithZstd

/** The runtime's native zstd, or null before Node 22.15. */
export const nativeZstd: NativeZstd | null =
  zstdZlib.createZstdCompress !== undefined && zstdZlib.createZstdDecompress !== undefined
    ? {
        createCompress: zstdZlib.createZstdCompress,
        createDecompress: zstdZlib.createZstdDecompress,
        flush: zstdZlib.constants.ZSTD_e_flush as number,
        continue: zstdZlib.constants.ZSTD_e_continue as number,
      }
    : null
