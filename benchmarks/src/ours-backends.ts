import { createDecompressor, zlibStreamBackends, zstdStreamBackends } from '@shardwire/core'
import type { DecompressedOutput } from '@shardwire/core'
import type { StreamContext } from './stream-contexts.js'

/** One configuration of our decompressors, ready to open fresh contexts. */
export interface OursBackend {
  compression: 'zlib-stream' | 'zstd-stream'
  backend: string
  output: DecompressedOutput
  /** Row label: backend and output form. */
  label: string
  /** Whether `createDecompressor` picks this backend when none is asked for. */
  isDefault: boolean
  /** Pure-JS backends (fflate, fzstd) are many times slower: they replay a slice of the stream. */
  slow: boolean
  open: () => StreamContext
}

const slowBackends = new Set(['fflate', 'fzstd'])

/**
 * Every backend `@shardwire/core` offers on this runtime, as our decompressors use it: through
 * `createDecompressor`, so the timing includes the wrapper (frame buffering, limits, errors).
 * Fast backends are measured with both output forms (`bytes` for any encoding, `string` for JSON).
 */
export function findOursBackends(): OursBackend[] {
  const found: OursBackend[] = []
  const lists = [
    ['zlib-stream', zlibStreamBackends()],
    ['zstd-stream', zstdStreamBackends()],
  ] as const
  for (const [compression, backends] of lists) {
    backends.forEach((backend, index) => {
      const slow = slowBackends.has(backend)
      const outputs: DecompressedOutput[] = slow ? ['bytes'] : ['bytes', 'string']
      for (const output of outputs) {
        found.push({
          compression,
          backend,
          output,
          label: `${backend}, ${output}`,
          isDefault: index === 0,
          slow,
          open: () => {
            const decompressor =
              compression === 'zlib-stream'
                ? createDecompressor('zlib-stream', { backend: backend as ReturnType<typeof zlibStreamBackends>[number], output })
                : createDecompressor('zstd-stream', { backend: backend as ReturnType<typeof zstdStreamBackends>[number], output })
            return { push: (packet) => decompressor.push(packet), close: () => decompressor.close() }
          },
        })
      }
    })
  }
  return found
}
