import { InvalidOptionError } from '../errors.js'
import type { DecompressedOutput } from './decompressed-output.js'
import type { DecompressorOptions } from './decompressor.js'

/** Options of the decompressors that inflate: payload, zlib-stream and zstd-stream. */
export interface InflatingDecompressorOptions extends DecompressorOptions {
  /**
   * The form of an inflated message: `bytes` for any encoding, `string` for JSON (faster).
   * See {@link DecompressedOutput}.
   * @defaultValue 'bytes'
   */
  output?: DecompressedOutput
}

/** {@link DecompressorOptions} with defaults applied, after validation. */
export interface ResolvedDecompressorOptions {
  /** The size limit in bytes. */
  readonly maxMessageBytes: number
  /** The form of inflated messages. */
  readonly output: DecompressedOutput
}

/** 128 MiB: the largest GUILD_CREATEs reach tens of MiB, and a bomb must stop well before memory runs out. */
export const defaultMaxMessageBytes = 128 * 1024 * 1024

const outputs = ['bytes', 'string'] as const satisfies readonly DecompressedOutput[]

/**
 * Validates the options every decompressor shares and applies their defaults.
 * @throws InvalidOptionError when an option has the wrong type or range
 */
export function resolveDecompressorOptions(options: InflatingDecompressorOptions | undefined): ResolvedDecompressorOptions {
  if (options === undefined) return { maxMessageBytes: defaultMaxMessageBytes, output: 'bytes' }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `expected an object or undefined, got ${describeValue(options)}`)
  }
  const { maxMessageBytes = defaultMaxMessageBytes, output = 'bytes' } = options
  if (typeof maxMessageBytes !== 'number' || !Number.isSafeInteger(maxMessageBytes) || maxMessageBytes <= 0) {
    throw new InvalidOptionError('maxMessageBytes', `expected a positive integer (bytes), got ${describeValue(maxMessageBytes)}`)
  }
  if (!(outputs as readonly unknown[]).includes(output)) {
    throw new InvalidOptionError('output', `expected one of ${outputs.map((o) => `'${o}'`).join(', ')}, got ${describeValue(output)}`)
  }
  return { maxMessageBytes, output }
}

/** A short, safe description of an invalid value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (value === null) return 'null'
  return typeof value
}
