import { inflateSync } from 'node:zlib'
import { DecodeError } from '../../errors.js'

/**
 * Inflates the zlib data of a COMPRESSED term to exactly `size` bytes. The output is capped at
 * the declared size (which the caller has checked against `maxBytes`), so a decompression bomb
 * fails instead of allocating; an output shorter than declared fails too.
 * @param at - offset of the COMPRESSED tag, for errors
 */
export function inflateTerm(data: Uint8Array, size: number, at: number): Uint8Array {
  let inflated: Uint8Array
  try {
    inflated = inflateSync(data, { maxOutputLength: size })
  } catch (cause) {
    throw new DecodeError('ETF_BAD_COMPRESSED', 'ETF compressed term could not be inflated', at, { cause })
  }
  if (inflated.length !== size) {
    throw new DecodeError('ETF_BAD_COMPRESSED', `ETF compressed term inflated to ${inflated.length} bytes, not ${size}`, at)
  }
  return inflated
}
