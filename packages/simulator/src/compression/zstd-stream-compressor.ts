import { createRequire } from 'node:module'
import type { Transform } from 'node:stream'
import zlib from 'node:zlib'
import { ShardwireError } from '@shardwire/core'
import type { Compressor } from './compressor.js'
import { syncZlibStep } from './sync-zlib-step.js'

/** A zstd implementation the simulator can compress with, in order of preference. */
export type ZstdBackend = 'node:zlib' | 'zstd-napi'

/** The backends tried by default: native zstd (Node 22.15 and later), then the zstd-napi package. */
export const defaultZstdBackends: readonly ZstdBackend[] = ['node:zlib', 'zstd-napi']

// The parts of zstd-napi's low-level binding used here (see its binding.d.ts).
interface ZstdNapiBinding {
  CCtx: new () => {
    compressStream2(output: Uint8Array, input: Uint8Array, endOp: number): [number, number, number]
  }
  EndDirective: { flush: number }
}

const require = createRequire(import.meta.url)

function loadZstdNapi(): ZstdNapiBinding | null {
  try {
    return require('zstd-napi/binding') as ZstdNapiBinding
  } catch {
    // An optional dependency: absent or built for another ABI, it is simply not a backend.
    return null
  }
}

function nativeZstd(): Compressor | null {
  const factory = (zlib as { createZstdCompress?: () => Transform }).createZstdCompress
  const flush = (zlib.constants as Record<string, number | undefined>)['ZSTD_e_flush']
  if (typeof factory !== 'function' || flush === undefined) return null
  const stream = factory()
  const step = syncZlibStep(stream, flush)
  if (step === null) {
    stream.destroy()
    return null
  }
  return { compression: 'zstd-stream', backend: 'node:zlib', compress: step, close: () => stream.destroy() }
}

function napiZstd(): Compressor | null {
  const binding = loadZstdNapi()
  if (binding === null) return null
  const context = new binding.CCtx()
  const chunkSize = 128 * 1024
  return {
    compression: 'zstd-stream',
    backend: 'zstd-napi',
    compress(message) {
      // ZSTD_e_flush: the frame stays open (one frame per connection), but every byte of
      // this message is emitted, so the client can decode it without waiting for more.
      const chunks: Uint8Array[] = []
      let input = message
      for (;;) {
        const output = Buffer.allocUnsafe(chunkSize)
        const [remaining, produced, consumed] = context.compressStream2(output, input, binding.EndDirective.flush)
        chunks.push(output.subarray(0, produced))
        input = input.subarray(consumed)
        if (remaining === 0 && input.length === 0) break
      }
      return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks)
    },
    // The binding frees the native context when it is garbage collected.
    close: () => undefined,
  }
}

const factories = { 'node:zlib': nativeZstd, 'zstd-napi': napiZstd } as const satisfies Record<ZstdBackend, () => Compressor | null>

/**
 * zstd-stream: one compression context per connection, flushed (not ended) after each
 * message, so each socket message holds exactly one gateway message.
 * @param backends - implementations to try, in order
 * @throws ShardwireError `SIMULATOR_COMPRESS_UNAVAILABLE` when none of them is available
 */
export function createZstdStreamCompressor(backends: readonly ZstdBackend[] = defaultZstdBackends): Compressor {
  for (const backend of backends) {
    const compressor = factories[backend]()
    if (compressor !== null) return compressor
  }
  throw new ShardwireError(
    'SIMULATOR_COMPRESS_UNAVAILABLE',
    `zstd-stream needs native zstd (Node 22.15 or later) or the zstd-napi package; tried: ${backends.join(', ') || 'none'}`,
  )
}
