import type { GatewayPayload } from '../gateway-payload.js'

/** The `encoding` query value of a gateway URL. */
export type EncodingName = 'json' | 'etf'

/**
 * Turns one whole gateway message (text or bytes, already decompressed) into a payload, and
 * back. Encodings know nothing of compression: any encoding works with any compression.
 */
export interface Encoding {
  /** The value sent as `?encoding=` in the gateway URL. */
  readonly name: EncodingName
  /**
   * Decodes one message. Throws a `DecodeError` on malformed input.
   * @param data - a text frame, or the bytes of a binary frame or of an inflated message
   */
  decode(data: string | Uint8Array): GatewayPayload
  /** Encodes one payload for sending: a string for JSON, bytes for ETF. */
  encode(payload: GatewayPayload | Omit<GatewayPayload, 's' | 't'>): string | Uint8Array
}
