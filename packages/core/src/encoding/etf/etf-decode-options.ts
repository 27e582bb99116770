import { constants } from 'node:buffer'
import { InvalidOptionError } from '../../errors.js'

/** How {@link decodeEtf} reads integers and which limits it enforces on untrusted input. */
export interface EtfDecodeOptions {
  /**
   * Return integers beyond 2^53 as `BigInt` instead of decimal strings. Integers that fit a
   * safe JavaScript integer are always numbers.
   * @defaultValue false
   */
  bigint?: boolean
  /**
   * The deepest nesting of lists, tuples, maps and compressed terms accepted before the
   * decoder throws `ETF_TOO_DEEP`: a guard against stack exhaustion. Gateway events nest
   * fewer than ten levels; 256 is also the nesting limit of Discord's `erlpack` encoder.
   * At most 1024. Should the thread's stack run out first, the decoder also throws `ETF_TOO_DEEP`.
   * @defaultValue 256
   */
  maxDepth?: number
  /**
   * The largest size a term may declare before the decoder throws `ETF_TOO_LARGE`: the byte
   * length of a binary, the element count of a list or tuple, the pair count of a map, the
   * inflated size of a compressed term. At most the longest string the runtime can build.
   * @defaultValue 134217728 (128 MiB)
   */
  maxBytes?: number
}

/** {@link EtfDecodeOptions} with every default applied. */
export interface ResolvedEtfDecodeOptions {
  /** See {@link EtfDecodeOptions.bigint}. */
  readonly bigint: boolean
  /** See {@link EtfDecodeOptions.maxDepth}. */
  readonly maxDepth: number
  /** See {@link EtfDecodeOptions.maxBytes}. */
  readonly maxBytes: number
}

/**
 * The ceiling of `maxDepth`: deep enough for any real payload, shallow enough for the default
 * stack of the main thread (about 1 MB) even before the decoder's code is optimized.
 */
export const MAX_DEPTH_LIMIT = 1024

/** Checks the options and applies defaults. Throws `InvalidOptionError` on a bad value. */
export function resolveEtfDecodeOptions(options: EtfDecodeOptions = {}): ResolvedEtfDecodeOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `expected an object, got ${describe(options)}`)
  }
  const { bigint = false, maxDepth = 256, maxBytes = 128 * 1024 * 1024 } = options
  if (typeof bigint !== 'boolean') {
    throw new InvalidOptionError('bigint', `expected a boolean, got ${describe(bigint)}`)
  }
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT) {
    throw new InvalidOptionError('maxDepth', `expected an integer from 1 to ${MAX_DEPTH_LIMIT}, got ${describe(maxDepth)}`)
  }
  if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > constants.MAX_STRING_LENGTH) {
    throw new InvalidOptionError(
      'maxBytes',
      `expected an integer from 1 to ${constants.MAX_STRING_LENGTH}, got ${describe(maxBytes)}`,
    )
  }
  return { bigint, maxDepth, maxBytes }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`
}
