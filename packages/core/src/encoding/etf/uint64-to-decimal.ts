const BILLION = 1_000_000_000

// One reusable array per output length (up to 20 digits), for `String.fromCharCode.apply`.
const unitsByLength: number[][] = Array.from({ length: 21 }, (_, length) => new Array<number>(length).fill(0))

/**
 * The exact decimal text of the unsigned 64-bit integer `high * 2^32 + low`, without BigInt.
 *
 * Snowflakes are 64-bit and exceed 2^53, so a double cannot hold them. Here the value is divided
 * by 10^9 in 16-bit steps, so every intermediate stays far below 2^53 and plain arithmetic is
 * exact; the three base-10^9 parts then become digits through int32 arithmetic. Measured on
 * Node 20 this is faster than `BigInt(...).toString()` and than three `String(part)` calls.
 *
 * @param high - the upper 32 bits, as an unsigned integer
 * @param low - the lower 32 bits, as an unsigned integer
 */
export function uint64ToDecimal(high: number, low: number): string {
  if (high < 0x20_0000) {
    // Below 2^53: a double is exact.
    return String(high * 0x1_0000_0000 + low)
  }
  // Long division of the four 16-bit limbs by 10^9; the first step takes two limbs at once.
  const quotient2 = Math.floor(high / BILLION)
  let rest = high - quotient2 * BILLION
  let partial = rest * 0x1_0000 + (low >>> 16)
  const quotient1 = Math.floor(partial / BILLION)
  rest = partial - quotient1 * BILLION
  partial = rest * 0x1_0000 + (low & 0xffff)
  const quotient0 = Math.floor(partial / BILLION)
  // `| 0` keeps the digit arithmetic in int32: doubles would also make the arrays hold doubles.
  const bottom = (partial - quotient0 * BILLION) | 0 // value mod 10^9
  // value / 10^9 < 2^35: exact as a double, split once more into top (below 19) and middle.
  const quotient = quotient2 * 0x1_0000_0000 + quotient1 * 0x1_0000 + quotient0
  const top = Math.floor(quotient / BILLION) | 0
  const middle = (quotient - top * BILLION) | 0
  // Snowflakes have 19 digits from 2016 to 2090: a fixed-arity call is the fastest way to build them.
  if (top > 0 && top < 10) return nineteenDigits(top, middle, bottom)
  return anyDigits(top, middle, bottom)
}

const digit = String.fromCharCode

function nineteenDigits(top: number, middle: number, bottom: number): string {
  const m8 = middle % 10
  const m7 = ((middle / 10) | 0) % 10
  const m6 = ((middle / 100) | 0) % 10
  const m5 = ((middle / 1_000) | 0) % 10
  const m4 = ((middle / 10_000) | 0) % 10
  const m3 = ((middle / 100_000) | 0) % 10
  const m2 = ((middle / 1_000_000) | 0) % 10
  const m1 = ((middle / 10_000_000) | 0) % 10
  const m0 = (middle / 100_000_000) | 0
  const b8 = bottom % 10
  const b7 = ((bottom / 10) | 0) % 10
  const b6 = ((bottom / 100) | 0) % 10
  const b5 = ((bottom / 1_000) | 0) % 10
  const b4 = ((bottom / 10_000) | 0) % 10
  const b3 = ((bottom / 100_000) | 0) % 10
  const b2 = ((bottom / 1_000_000) | 0) % 10
  const b1 = ((bottom / 10_000_000) | 0) % 10
  const b0 = (bottom / 100_000_000) | 0
  return digit(
    48 + top,
    48 + m0, 48 + m1, 48 + m2, 48 + m3, 48 + m4, 48 + m5, 48 + m6, 48 + m7, 48 + m8,
    48 + b0, 48 + b1, 48 + b2, 48 + b3, 48 + b4, 48 + b5, 48 + b6, 48 + b7, 48 + b8,
  )
}

/** 16 to 20 digits: the value is at least 2^53, so when top is 0, middle has at least 7 digits. */
function anyDigits(top: number, middle: number, bottom: number): string {
  const length = top >= 10 ? 20 : top > 0 ? 19 : middle >= 100_000_000 ? 18 : middle >= 10_000_000 ? 17 : 16
  const units = unitsByLength[length]!
  let i = length
  for (let k = 0; k < 9; k++) {
    const next = (bottom / 10) | 0
    units[--i] = 48 + bottom - next * 10
    bottom = next
  }
  for (let k = 0; k < 9 && i > 0; k++) {
    const next = (middle / 10) | 0
    units[--i] = 48 + middle - next * 10
    middle = next
  }
  while (i > 0) {
    const next = (top / 10) | 0
    units[--i] = 48 + top - next * 10
    top = next
  }
  return String.fromCharCode.apply(null, units)
}
