import { DecodeError } from '../errors.js'
import type { GatewayPayload } from '../gateway-payload.js'
import { assertPayload } from './assert-payload.js'
import type { Encoding } from './encoding.js'

// `fatal` turns invalid UTF-8 into an error instead of silently inserting U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Decodes JSON text, or UTF-8 bytes holding JSON, into a gateway payload. */
export function decodeJson(data: string | Uint8Array): GatewayPayload {
  let text: string
  if (typeof data === 'string') {
    text = data
  } else {
    try {
      text = utf8.decode(data)
    } catch (cause) {
      throw new DecodeError('JSON_INVALID', 'JSON message is not valid UTF-8', 0, { cause })
    }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new DecodeError('JSON_INVALID', `JSON message could not be parsed: ${(cause as Error).message}`, 0, { cause })
  }
  return assertPayload(value)
}

/** Encodes a gateway payload as JSON text. */
export function encodeJson(payload: GatewayPayload | Omit<GatewayPayload, 's' | 't'>): string {
  return JSON.stringify(payload)
}

/** The JSON encoding: text frames, or UTF-8 bytes after decompression. Snowflakes are strings. */
export const jsonEncoding: Encoding = { name: 'json', decode: decodeJson, encode: encodeJson }
