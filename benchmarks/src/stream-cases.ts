import { deepStrictEqual } from 'node:assert/strict'
import { decodeEtf, decodeJson } from '@shardwire/core'
import type { BenchCase, SkippedCase } from './bench-runner.js'
import type { CodecInputs } from './corpus-inputs.js'
import type { OursBackend } from './ours-backends.js'
import { erlpack, nativeZstd, zlibSync } from './native-modules.js'
import { oursRow, rowNames } from './row-names.js'
import {
  collect,
  openFzstd,
  openNativeZstdAsync,
  openNativeZstdSync,
  openNodeZlibAsync,
  openNodeZlibSync,
  openZlibSync,
  replay,
  replayAsync,
  replayDecode,
  type AsyncStreamContext,
  type StreamContext,
} from './stream-contexts.js'

/** How many packets the slow contenders (async per message, fzstd) replay per iteration. */
export interface SliceLimits {
  slow: number
}

const utf8 = new TextDecoder()
const asText = (message: string | Uint8Array | null): string | null => (message === null || typeof message === 'string' ? message : utf8.decode(message))

/** Checks that a context turns the first `limit` packets back into the original messages. */
function verifyStream(packets: readonly Uint8Array[], expected: readonly string[], open: () => StreamContext | AsyncStreamContext, limit: number): () => Promise<void> {
  return async () => {
    const out = await collect(packets, open, limit)
    deepStrictEqual(out.map(asText), expected.slice(0, limit))
  }
}

// How many events of each pipeline are compared against JSON.parse before timing.
const VERIFY_EVENTS = 300

/** Checks that a pipeline decodes the first `limit` messages into what JSON.parse makes of the originals. */
function verifyPipeline(packets: readonly Uint8Array[], expected: readonly string[], open: () => StreamContext, decode: (m: string | Uint8Array) => unknown, limit: number): () => Promise<void> {
  return async () => {
    const out = await collect(packets, open, limit)
    deepStrictEqual(
      out.map((message) => (message === null ? null : decode(message))),
      expected.slice(0, limit).map((text) => JSON.parse(text) as unknown),
    )
  }
}

/** Decompression per packet (zlib-stream and zstd-stream) and whole receive pipelines. */
export function streamCases(inputs: CodecInputs, ours: readonly OursBackend[], limits: SliceLimits): { cases: BenchCase[]; skipped: SkippedCase[] } {
  const { corpus, events, text } = inputs
  const cases: BenchCase[] = []
  const skipped: SkippedCase[] = []
  const slow = Math.min(limits.slow, events)
  const sliceBytes = (limit: number): number => inputs.json.slice(0, limit).reduce((total, b) => total + b.byteLength, 0)
  const add = (group: string, name: string, packets: Uint8Array[] | null, open: () => StreamContext, options: { limit?: number; baseline?: string } = {}): void => {
    if (packets === null) return
    const limit = options.limit ?? events
    const task: BenchCase = { name, group, corpus, events: limit, bytes: sliceBytes(limit), run: () => replay(packets, open, limit), verify: verifyStream(packets, text, open, limit) }
    if (options.baseline !== undefined) task.baseline = options.baseline
    cases.push(task)
  }
  const addAsync = (group: string, name: string, packets: Uint8Array[], open: () => AsyncStreamContext): void => {
    cases.push({ name, group, corpus, events: slow, bytes: sliceBytes(slow), async: true, run: () => replayAsync(packets, open, slow), verify: verifyStream(packets, text, open, slow) })
  }
  const skip = (group: string, name: string, reason: string): void => {
    skipped.push({ name, group, corpus, skipped: reason })
  }

  // zlib-stream
  if (zlibSync.ok) {
    add('zlib-stream', rowNames.zlibSyncString, inputs.zlibJson, () => openZlibSync('string'))
    add('zlib-stream', rowNames.zlibSyncBuffer, inputs.zlibJson, () => openZlibSync('buffer'))
  } else {
    skip('zlib-stream', 'raw zlib-sync', zlibSync.reason)
  }
  add('zlib-stream', rowNames.nodeZlibSync, inputs.zlibJson, openNodeZlibSync)
  addAsync('zlib-stream', rowNames.nodeZlibAsync, inputs.zlibJson, openNodeZlibAsync)
  // Our zlib output is compared with raw zlib-sync producing the same type (text or bytes).
  for (const backend of ours.filter((o) => o.compression === 'zlib-stream')) {
    add('zlib-stream', oursRow('zlib-stream', backend.label), inputs.zlibJson, backend.open, { baseline: zlibBaseline(backend.output), limit: backend.slow ? slow : events })
  }

  // zstd-stream
  if (inputs.zstdJson === null) {
    skip('zstd-stream', 'all zstd rows', 'no zstd compressor to build inputs (neither node:zlib zstd nor zstd-napi)')
  } else {
    const zstd = inputs.zstdJson
    if (nativeZstd !== null) {
      add('zstd-stream', rowNames.nativeZstdSync, zstd, openNativeZstdSync)
      addAsync('zstd-stream', rowNames.nativeZstdAsync, zstd, openNativeZstdAsync)
    } else {
      skip('zstd-stream', rowNames.nativeZstdSync, `Node ${process.versions.node} has no native zstd (needs 22.15+)`)
    }
    add('zstd-stream', rowNames.fzstdRaw, zstd, openFzstd, { limit: slow })
    for (const backend of ours.filter((o) => o.compression === 'zstd-stream')) {
      const baseline = backend.slow ? rowNames.fzstdRaw : rowNames.nativeZstdSync
      add('zstd-stream', oursRow('zstd-stream', backend.label), zstd, backend.open, { baseline, limit: backend.slow ? slow : events })
    }
  }

  // Whole pipelines: decompress, then decode every message.
  const pipeline = (name: string, packets: Uint8Array[] | null, open: () => StreamContext, decode: (m: string | Uint8Array) => unknown, limit = events, baseline?: string): void => {
    if (packets === null) return
    const task: BenchCase = { name, group: 'pipeline', corpus, events: limit, bytes: sliceBytes(limit), run: () => replayDecode(packets, open, decode, limit) }
    if (baseline !== undefined) task.baseline = baseline
    // erlpack's output differs by design (integers beyond 32 bits as strings); its decode row checks it.
    if (!name.includes('erlpack')) task.verify = verifyPipeline(packets, text, open, decode, Math.min(VERIFY_EVENTS, limit))
    cases.push(task)
  }
  const parseText = (m: string | Uint8Array): unknown => JSON.parse(typeof m === 'string' ? m : utf8.decode(m))
  const defaultZlib = ours.find((o) => o.compression === 'zlib-stream' && o.isDefault && o.output === 'bytes')
  if (zlibSync.ok) {
    pipeline(rowNames.zlibSyncJson, inputs.zlibJson, () => openZlibSync('string'), parseText)
    if (erlpack.ok) {
      const { unpack } = erlpack.module
      pipeline(rowNames.zlibSyncErlpack, inputs.zlibEtf, () => openZlibSync('buffer'), (m) => unpack(m as Buffer))
    }
  }
  pipeline(rowNames.nodeZlibJson, inputs.zlibJson, openNodeZlibSync, parseText)
  if (nativeZstd !== null) pipeline(rowNames.nativeZstdJson, inputs.zstdJson, openNativeZstdSync, parseText)
  // Without the native addons (another Node ABI), node:zlib driven raw is the reference.
  const zlibJsonBaseline = zlibSync.ok ? rowNames.zlibSyncJson : rowNames.nodeZlibJson
  const zstdJsonBaseline = nativeZstd !== null && inputs.zstdJson !== null ? rowNames.nativeZstdJson : zlibJsonBaseline
  const etfBaseline = zlibSync.ok && erlpack.ok ? rowNames.zlibSyncErlpack : rowNames.nodeZlibJson
  // Our pipelines: the default backend with both outputs, the others as JSON users would set them.
  for (const backend of ours.filter((o) => o.isDefault || o.output === 'string' || o.slow)) {
    const packets = backend.compression === 'zlib-stream' ? inputs.zlibJson : inputs.zstdJson
    const limit = backend.slow ? slow : events
    const baseline = backend.compression === 'zlib-stream' ? zlibJsonBaseline : zstdJsonBaseline
    pipeline(`${oursRow(backend.compression, backend.label)} + decodeJson`, packets, backend.open, decodeJson, limit, baseline)
  }
  if (defaultZlib !== undefined) {
    pipeline(`${oursRow('zlib-stream', defaultZlib.label)} + decodeEtf`, inputs.zlibEtf, defaultZlib.open, (m) => decodeEtf(m as Uint8Array), events, etfBaseline)
  }
  return { cases, skipped }
}

/** The raw row our zlib-stream rows are compared with: zlib-sync with the same output type, else node:zlib. */
export function zlibBaseline(output: OursBackend['output']): string {
  if (!zlibSync.ok) return rowNames.nodeZlibSync
  return output === 'string' ? rowNames.zlibSyncString : rowNames.zlibSyncBuffer
}
