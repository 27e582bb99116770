import { decodeLatin1 } from './decode-utf8.js'

// A decimal float as Erlang prints it with "%.20e" (such as "1.50000000000000000000e+00").
const FLOAT_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/

/**
 * The number in the 31 bytes of an old FLOAT_EXT term: printed text padded with NUL bytes.
 * Returns `null` when the text is not a decimal number.
 */
export function parseFloatText(field: Uint8Array): number | null {
  let end = 0
  while (end < field.length && field[end] !== 0) end++
  const text = decodeLatin1(field, 0, end)
  return FLOAT_TEXT.test(text) ? Number(text) : null
}
