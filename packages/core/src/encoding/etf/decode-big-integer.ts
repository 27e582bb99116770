import { uint64ToDecimal } from './uint64-to-decimal.js'

/**
 * The largest SMALL_BIG/LARGE_BIG magnitude decoded, in bytes (8192 bits, about 2,466 decimal
 * digits). Gateway integers have at most 8 bytes; the cap keeps a hostile LARGE_BIG from making
 * BigInt parsing and printing (superlinear in the size) hang the thread.
 */
export const MAX_BIG_INTEGER_BYTES = 1024

const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * The value of a SMALL_BIG/LARGE_BIG body: `digits` little-endian magnitude bytes at `start`.
 * A safe integer becomes a number; anything larger a decimal string, or a BigInt with `bigint`.
 * Values of up to 64 bits use exact arithmetic on two 32-bit halves, never BigInt, unless the
 * caller asked for one: snowflakes take this path in every event.
 */
export function decodeBigInteger(
  bytes: Uint8Array,
  start: number,
  digits: number,
  negative: boolean,
  bigint: boolean,
): number | string | bigint {
  if (digits > 8) return decodeHugeInteger(bytes, start, digits, negative, bigint)
  // Little-endian: read each half from its most significant byte down.
  let low = 0
  let high = 0
  for (let i = (digits < 4 ? digits : 4) - 1; i >= 0; i--) low = low * 256 + bytes[start + i]!
  for (let i = digits - 1; i >= 4; i--) high = high * 256 + bytes[start + i]!
  if (high < 0x20_0000) {
    // Below 2^53: exact as a double. `0 - 0` would be -0, which no integer term means.
    const value = high * 0x1_0000_0000 + low
    return negative && value !== 0 ? -value : value
  }
  if (bigint) {
    const value = (BigInt(high) << 32n) | BigInt(low)
    return negative ? -value : value
  }
  const text = uint64ToDecimal(high, low)
  return negative ? `-${text}` : text
}

function decodeHugeInteger(
  bytes: Uint8Array,
  start: number,
  digits: number,
  negative: boolean,
  bigint: boolean,
): number | string | bigint {
  // Hexadecimal text from the most significant byte down: BigInt parses it in linear time.
  let hex = '0x'
  for (let i = start + digits - 1; i >= start; i--) hex += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16)
  const magnitude = BigInt(hex)
  const value = negative ? -magnitude : magnitude
  if (magnitude <= MAX_SAFE_BIGINT) return Number(value)
  return bigint ? value : value.toString()
}
