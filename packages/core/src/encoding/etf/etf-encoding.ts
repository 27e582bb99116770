import { DecodeError } from '../../errors.js'
import type { GatewayPayload } from '../../gateway-payload.js'
import { assertPayload } from '../assert-payload.js'
import type { Encoding } from '../encoding.js'
import type { EtfDecodeOptions } from './etf-decode-options.js'
import { EtfDecoder } from './etf-decoder.js'
import { encodeEtf } from './etf-encoder.js'

/**
 * Creates the ETF encoding (`?encoding=etf`): binary frames in Erlang's External Term Format.
 * Decoding checks the result is a gateway payload; snowflakes sent as 64-bit integers come
 * out as decimal strings (or BigInts with `bigint: true`), the same as in the JSON encoding.
 * Encoding writes binary (string) keys only, as the gateway requires.
 * @param options - decoding options, validated once here
 * @throws InvalidOptionError on a bad option
 */
export function createEtfEncoding(options?: EtfDecodeOptions): Encoding {
  const decoder = new EtfDecoder(options)
  return {
    name: 'etf',
    decode(data: string | Uint8Array): GatewayPayload {
      if (typeof data === 'string') {
        // ETF travels in binary frames only; a text frame cannot hold the version byte 131.
        throw new DecodeError('ETF_BAD_VERSION', 'ETF messages are binary, but a text frame arrived', 0)
      }
      return assertPayload(decoder.decode(data))
    },
    encode: encodeEtf,
  }
}

/** The ETF encoding with default options: {@link createEtfEncoding}`()`. */
export const etfEncoding: Encoding = createEtfEncoding()
