import type { EtfDecodeOptions } from './etf-decode-options.js'
import { EtfDecoder } from './etf-decoder.js'

/** The decoder for calls without options: one is enough, since decoding is synchronous. */
let defaultDecoder: EtfDecoder | undefined

/**
 * Decodes one ETF message (version byte 131, then one term) into plain JavaScript values.
 * Integers beyond 2^53 (snowflakes) become decimal strings, or BigInts with `bigint: true`.
 * See the internal `EtfDecoder` class for every shape produced.
 * @throws DecodeError on malformed input, with the byte offset where decoding failed
 * @throws InvalidOptionError on a bad option
 */
export function decodeEtf(bytes: Uint8Array, options?: EtfDecodeOptions): unknown {
  if (options === undefined) return (defaultDecoder ??= new EtfDecoder()).decode(bytes)
  return new EtfDecoder(options).decode(bytes)
}
