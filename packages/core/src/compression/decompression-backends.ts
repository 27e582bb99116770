import { DecompressionError, InvalidOptionError } from '../errors.js'
import { FflateContext } from './fflate-context.js'
import { FzstdContext } from './fzstd-context.js'
import { NodeZlibContext, nodeZlibAvailability } from './node-zlib-context.js'
import type { NodeZlibKind } from './node-zlib-context.js'
import { describeValue } from './resolve-decompressor-options.js'
import type { Availability, StreamContext, StreamContextFactory } from './stream-context.js'
import { ZlibSyncContext, zlibSyncAvailability } from './zlib-sync-context.js'

/**
 * An implementation of zlib-stream decompression.
 * - `node:zlib`: Node's own zlib, driven synchronously (internals behind a self-test).
 * - `zlib-sync`: the optional native addon.
 * - `fflate`: pure JavaScript, always available, 30 to 60x slower.
 */
export type ZlibStreamBackend = 'node:zlib' | 'zlib-sync' | 'fflate'

/**
 * An implementation of zstd-stream decompression.
 * - `node:zlib`: native zstd in Node from 22.15 / 23.8, driven synchronously.
 * - `fzstd`: pure JavaScript, always available, 20 to 30x slower.
 */
export type ZstdStreamBackend = 'node:zlib' | 'fzstd'

interface Backend {
  /** Checked once per process, then cached. */
  readonly availability: () => Availability
  readonly open: StreamContextFactory
}

function nodeZlib(kind: NodeZlibKind): Backend {
  return {
    availability: () => nodeZlibAvailability(kind),
    open: (options): StreamContext => {
      const context = NodeZlibContext.open(kind, options)
      if (typeof context === 'string') {
        throw new DecompressionError('DECOMPRESS_UNAVAILABLE', `node:zlib changed after its self-test: ${context}`)
      }
      return context
    },
  }
}

const zlibStreamBackendTable = {
  'node:zlib': nodeZlib('inflate'),
  'zlib-sync': { availability: zlibSyncAvailability, open: (options) => new ZlibSyncContext(options) },
  fflate: { availability: () => ({ available: true }), open: (options) => new FflateContext(options) },
} as const satisfies Record<ZlibStreamBackend, Backend>

const zstdStreamBackendTable = {
  'node:zlib': nodeZlib('zstd'),
  fzstd: { availability: () => ({ available: true }), open: (options) => new FzstdContext(options) },
} as const satisfies Record<ZstdStreamBackend, Backend>

/*
 * Preference orders. zlib-stream: zlib-sync when it is installed and loads (an optional native
 * addon built per Node ABI), then node:zlib driven synchronously through its feature-checked
 * internal handle (as fast, PERFORMANCE.md: 3.7 vs 4.3 µs per packet), then pure-JS fflate, the
 * documented fallback should a Node release change those internals.
 */
const zlibStreamPreference = ['zlib-sync', 'node:zlib', 'fflate'] as const satisfies readonly ZlibStreamBackend[]
const zstdStreamPreference = ['node:zlib', 'fzstd'] as const satisfies readonly ZstdStreamBackend[]

/**
 * The zlib-stream backends that work on this runtime, best first. The first is what a
 * zlib-stream decompressor uses unless told otherwise. Availability is checked once per process
 * (zlib-sync may be missing or built for another Node ABI; node:zlib internals are self-tested).
 */
export function zlibStreamBackends(): ZlibStreamBackend[] {
  return zlibStreamPreference.filter((name) => zlibStreamBackendTable[name].availability().available)
}

/** The zstd-stream backends that work on this runtime, best first. See {@link zlibStreamBackends}. */
export function zstdStreamBackends(): ZstdStreamBackend[] {
  return zstdStreamPreference.filter((name) => zstdStreamBackendTable[name].availability().available)
}

/** A backend chosen for a decompressor: its name and how to open a context. */
export interface ResolvedBackend<Name extends string> {
  readonly name: Name
  readonly open: StreamContextFactory
}

/**
 * The zlib-stream backend to use: `requested` when given (validated), else the best available.
 * @throws InvalidOptionError for an unknown name
 * @throws DecompressionError `DECOMPRESS_UNAVAILABLE` when `requested` does not work here
 */
export function resolveZlibStreamBackend(requested: unknown): ResolvedBackend<ZlibStreamBackend> {
  return resolve('zlib-stream', zlibStreamBackendTable, zlibStreamPreference, requested)
}

/** The zstd-stream backend to use. See {@link resolveZlibStreamBackend}. */
export function resolveZstdStreamBackend(requested: unknown): ResolvedBackend<ZstdStreamBackend> {
  return resolve('zstd-stream', zstdStreamBackendTable, zstdStreamPreference, requested)
}

function resolve<Name extends string>(
  compression: string,
  table: Record<Name, Backend>,
  preference: readonly Name[],
  requested: unknown,
): ResolvedBackend<Name> {
  if (requested === undefined) {
    // The last backend of each list is pure JavaScript and always available.
    const name = preference.find((candidate) => table[candidate].availability().available) ?? preference[preference.length - 1]!
    return { name, open: table[name].open }
  }
  if (!(preference as readonly unknown[]).includes(requested)) {
    const accepted = preference.map((name) => `'${name}'`).join(', ')
    throw new InvalidOptionError('backend', `expected one of ${accepted} for ${compression}, got ${describeValue(requested)}`)
  }
  const name = requested as Name
  const availability = table[name].availability()
  if (!availability.available) {
    const message = `The ${name} backend for ${compression} is unavailable: ${availability.reason}`
    throw new DecompressionError('DECOMPRESS_UNAVAILABLE', message, { cause: availability.cause })
  }
  return { name, open: table[name].open }
}
