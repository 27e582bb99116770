import * as zlib from 'node:zlib'
import type { Compression, EncodingName } from '@shardwire/core'
import { createCompressor } from '@shardwire/simulator'
import { withIntegerSnowflakes } from '../corpus-inputs.js'

/** One WebSocket frame as `ws` hands it to a shard: bytes, and whether it was a binary frame. */
export interface WireFrame {
  readonly data: Buffer
  readonly binary: boolean
}

/** One mix of events encoded and compressed one way: the frames a shard would receive. */
export interface WireStream {
  readonly encoding: EncodingName
  readonly compression: Compression
  readonly frames: readonly WireFrame[]
  /** Frame payload bytes in all (WebSocket headers, 2 to 10 bytes a frame, left out). */
  readonly bytes: number
}

// As the simulator's FrameWriter (and Discord): payload compression leaves small payloads as text.
const payloadCompressionMinBytes = 1024

/** Each payload as sent in `encoding`: JSON text, or ETF with snowflakes as 64-bit integers, as Discord sends them. */
export function encodeMessages(payloads: readonly unknown[], encoding: EncodingName, encodeEtf: (value: unknown) => Uint8Array): Buffer[] {
  if (encoding === 'json') return payloads.map((payload) => Buffer.from(JSON.stringify(payload)))
  return payloads.map((payload) => {
    const bytes = encodeEtf(withIntegerSnowflakes(payload))
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  })
}

const sum = (frames: readonly WireFrame[]): number => frames.reduce((total, frame) => total + frame.data.byteLength, 0)

/**
 * The frames of one connection carrying `messages`, compressed as a gateway does: zlib-stream
 * and zstd-stream through the simulator's compressors (one context for the connection, flushed
 * per message), payload compression as one zlib stream per large JSON payload.
 * Returns null when this runtime cannot compress that way (zstd without native zstd or zstd-napi).
 */
export function buildWireStream(messages: readonly Buffer[], encoding: EncodingName, compression: Compression): WireStream | null {
  let frames: WireFrame[]
  switch (compression) {
    case 'none':
      frames = messages.map((data) => ({ data, binary: encoding === 'etf' }))
      break
    case 'payload':
      frames = messages.map((data) => (data.byteLength >= payloadCompressionMinBytes ? { data: zlib.deflateSync(data), binary: true } : { data, binary: false }))
      break
    case 'zlib-stream':
    case 'zstd-stream': {
      let compressor
      try {
        compressor = createCompressor(compression)
      } catch {
        return null
      }
      frames = messages.map((message) => {
        // A copy: the compressor's output may be a view into a much larger chunk, which
        // thousands of frames would otherwise keep alive.
        return { data: Buffer.from(compressor.compress(message)), binary: true }
      })
      compressor.close()
      break
    }
  }
  return { encoding, compression, frames, bytes: sum(frames) }
}
