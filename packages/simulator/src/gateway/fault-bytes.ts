import type { EncodingName } from '@shardwire/core'
import type { Random } from '../corpus/random.js'
import type { TransportCompression } from '../rules/gateway-query.js'

/**
 * Bytes a client's decompressor must reject: for zlib-stream, garbage ending in the
 * `00 00 ff ff` flush marker so the client tries to inflate it; for zstd-stream, garbage
 * that is no zstd block; without compression, a binary frame the encoding cannot read.
 */
export function corruptFrame(random: Random, compression: TransportCompression | null, encoding: EncodingName): Uint8Array {
  const garbage = Buffer.alloc(32)
  for (let i = 0; i < garbage.length; i++) garbage[i] = random.int(0, 255)
  // 0x80 (not 131) in front: neither a valid ETF version byte nor the start of JSON text.
  garbage[0] = encoding === 'etf' || compression === null ? 0x80 : 0xff
  if (compression === 'zlib-stream') return Buffer.concat([garbage, Buffer.from([0x00, 0x00, 0xff, 0xff])])
  return garbage
}

/**
 * A message that compresses fine but is not a valid payload: truncated JSON, or an ETF map
 * that announces more pairs than it holds.
 */
export function malformedPayload(encoding: EncodingName): string | Uint8Array {
  return encoding === 'json' ? '{"op":0,"t":"MESSAGE_CREATE","s":' : Uint8Array.from([131, 116, 0, 0, 0, 4, 109, 0, 0, 0, 2, 111, 112])
}
