import { deepStrictEqual } from 'node:assert/strict'
import {
  createDecompressor,
  etfEncoding,
  jsonEncoding,
  zlibStreamBackends,
  zstdStreamBackends,
  type Compression,
  type Decompressor,
  type EncodingName,
  type ZstdStreamBackend,
} from '@shardwire/core'
import type { BenchCase } from '../bench-runner.js'
import { nativeZstd } from '../native-modules.js'
import type { TuneRow } from './recommend.js'
import { buildWireStream, encodeMessages, type WireFrame, type WireStream } from './tune-streams.js'

/** One encoding × compression pair of the matrix, with the zstd backend where it matters. */
export interface TunePair {
  readonly encoding: EncodingName
  readonly compression: Compression
  /** For zstd-stream: which decompressor to measure. */
  readonly zstdBackend?: ZstdStreamBackend
}

const encodingNames: readonly EncodingName[] = ['json', 'etf']

/** Every pair `pnpm tune` measures: json and etf, crossed with none, payload, zlib-stream, zstd-stream native and via fzstd. */
export const tunePairs: readonly TunePair[] = encodingNames.flatMap((encoding): TunePair[] => [
  { encoding, compression: 'none' },
  { encoding, compression: 'payload' },
  { encoding, compression: 'zlib-stream' },
  { encoding, compression: 'zstd-stream', zstdBackend: 'node:zlib' },
  { encoding, compression: 'zstd-stream', zstdBackend: 'fzstd' },
])

const encodings = { json: jsonEncoding, etf: etfEncoding } as const

const labelOf = (pair: TunePair): string => `${pair.encoding} + ${pair.compression}${pair.zstdBackend === undefined ? '' : ` [${pair.zstdBackend === 'node:zlib' ? 'native' : pair.zstdBackend}]`}`

// Decompressed the way a Shard does: JSON parses text, ETF needs the bytes.
function openDecompressor(pair: TunePair): Decompressor {
  const output = pair.encoding === 'json' ? 'string' : 'bytes'
  switch (pair.compression) {
    case 'none':
      return createDecompressor('none')
    case 'payload':
      return createDecompressor('payload', { output })
    case 'zlib-stream':
      return createDecompressor('zlib-stream', { output })
    case 'zstd-stream':
      return createDecompressor('zstd-stream', pair.zstdBackend === undefined ? { output } : { output, backend: pair.zstdBackend })
  }
}

/**
 * Receives a whole stream the way a shard's socket does (text frames turned into strings,
 * then decompress, then decode) through our own `createDecompressor` and encodings.
 * Returns how many payloads it decoded.
 */
export function receiveStream(frames: readonly WireFrame[], pair: TunePair, onPayload?: (payload: unknown) => void): number {
  const decompressor = openDecompressor(pair)
  const encoding = encodings[pair.encoding]
  let decoded = 0
  for (const frame of frames) {
    const message = decompressor.push(frame.binary ? frame.data : frame.data.toString('utf8'))
    if (message === null) continue
    const payload = encoding.decode(message)
    onPayload?.(payload)
    decoded++
  }
  decompressor.close()
  return decoded
}

/** Why a pair cannot run here, or null. */
function unavailableReason(pair: TunePair, stream: WireStream | null): string | null {
  const node = `Node ${process.versions.node}`
  if (pair.compression === 'payload' && pair.encoding === 'etf') return 'not offered: Discord compresses payloads with the JSON encoding only'
  if (pair.zstdBackend === 'node:zlib' && (nativeZstd === null || !zstdStreamBackends().includes('node:zlib'))) return `unavailable on ${node} (native zstd needs Node 22.15+ or 24)`
  if (stream === null) return `unavailable on ${node}: nothing here compresses ${pair.compression} to build the input (native zstd or zstd-napi)`
  return null
}

/** The matrix for one mix: a timed case per available pair, and every pair's row (figures filled in later). */
export interface TuneMatrix {
  readonly cases: BenchCase[]
  /** Row by case name; rows that cannot run carry `unavailable`. */
  readonly rows: Map<string, TuneRow>
  /** Every row, in `tunePairs` order. */
  readonly all: TuneRow[]
}

/**
 * Encodes and compresses `payloads` every way, and builds a bench case per pair that replays
 * the whole stream through a fresh decompressor and decoder (verified against the payloads
 * before timing). Rows not available on this runtime are kept, with the reason.
 */
export function buildTuneMatrix(payloads: readonly unknown[], encodeEtf: (value: unknown) => Uint8Array): TuneMatrix {
  const messages = { json: encodeMessages(payloads, 'json', encodeEtf), etf: encodeMessages(payloads, 'etf', encodeEtf) }
  // What the decoders must give back: the payloads as JSON sees them (snowflakes as strings).
  const expected = payloads.map((payload) => JSON.parse(JSON.stringify(payload)) as unknown)
  const streams = new Map<string, WireStream | null>()
  const defaultZstd = zstdStreamBackends()[0]
  const cases: BenchCase[] = []
  const rows = new Map<string, TuneRow>()
  const all: TuneRow[] = []
  for (const pair of tunePairs) {
    const key = `${pair.encoding}/${pair.compression}`
    if (!streams.has(key) && !(pair.compression === 'payload' && pair.encoding === 'etf')) {
      streams.set(key, buildWireStream(messages[pair.encoding], pair.encoding, pair.compression))
    }
    const stream = streams.get(key) ?? null
    const label = labelOf(pair)
    const unavailable = unavailableReason(pair, stream)
    const backend = pair.compression === 'zlib-stream' ? (zlibStreamBackends()[0] ?? null) : pair.compression === 'zstd-stream' ? (pair.zstdBackend ?? null) : pair.compression === 'payload' && unavailable === null ? 'node:zlib' : null
    const base = {
      encoding: pair.encoding,
      compression: pair.compression,
      backend,
      label,
      // A backend the runtime would not pick for this compression is shown, but not recommended.
      selectable: pair.compression !== 'zstd-stream' || pair.zstdBackend === defaultZstd,
    }
    if (unavailable !== null || stream === null) {
      const row: TuneRow = { ...base, usPerEvent: null, bytesPerEvent: null, unavailable: unavailable ?? 'no input' }
      all.push(row)
      continue
    }
    const row: TuneRow = { ...base, usPerEvent: null, bytesPerEvent: stream.bytes / payloads.length }
    rows.set(label, row)
    all.push(row)
    cases.push({
      name: label,
      group: 'tune',
      corpus: 'mixed',
      events: payloads.length,
      bytes: messages[pair.encoding].reduce((total, message) => total + message.byteLength, 0),
      run: () => receiveStream(stream.frames, pair),
      verify: () => {
        const out: unknown[] = []
        receiveStream(stream.frames, pair, (payload) => out.push(payload))
        deepStrictEqual(out, expected)
      },
    })
  }
  return { cases, rows, all }
}
