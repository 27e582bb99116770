import { DecodeError } from '../errors.js'
import type { GatewayPayload } from '../gateway-payload.js'

/**
 * Checks the one thing every consumer relies on: an object with a numeric `op`.
 * Missing `s`/`t` become null so that consumers never see `undefined`.
 */
export function assertPayload(value: unknown): GatewayPayload {
  if (typeof value !== 'object' || value === null || typeof (value as { op?: unknown }).op !== 'number') {
    throw new DecodeError('PAYLOAD_INVALID', 'Decoded message is not a gateway payload with a numeric `op`', 0)
  }
  const payload = value as GatewayPayload
  payload.s ??= null
  payload.t ??= null
  return payload
}
