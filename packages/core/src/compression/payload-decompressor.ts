import { constants as bufferConstants } from 'node:buffer'
import * as zlib from 'node:zlib'
import { ShardwireError } from '../errors.js'
import { asBuffer, ownedOutput } from './decompressed-output.js'
import { corruptError, limitError, needsResetError } from './decompression-errors.js'
import type { Decompressor } from './decompressor.js'
import { resolveDecompressorOptions } from './resolve-decompressor-options.js'
import type { InflatingDecompressorOptions, ResolvedDecompressorOptions } from './resolve-decompressor-options.js'

/** Options of a {@link PayloadDecompressor}. */
export type PayloadDecompressorOptions = InflatingDecompressorOptions

/**
 * Undoes payload compression (identify with `compress: true`, JSON only): some messages arrive
 * as standalone zlib streams, others as plain text ("Payload Compression" in Discord's gateway
 * docs). Zlib streams are recognised by their two-byte header and inflated; anything else passes
 * through. Each compressed message is independent, but after an error the decompressor still
 * needs `reset()`, like every other: a connection that sent garbage should be replaced.
 */
export class PayloadDecompressor implements Decompressor {
  readonly compression = 'payload'
  readonly backend = 'node:zlib'
  readonly #options: ResolvedDecompressorOptions
  #needsReset = false

  /** @throws InvalidOptionError when an option is invalid */
  constructor(options?: PayloadDecompressorOptions) {
    this.#options = resolveDecompressorOptions(options)
  }

  get needsReset(): boolean {
    return this.#needsReset
  }

  push(chunk: string | Uint8Array): string | Uint8Array {
    if (this.#needsReset) throw needsResetError()
    if (typeof chunk === 'string') return chunk
    if (!hasZlibHeader(chunk)) {
      if (chunk.byteLength > this.#options.maxMessageBytes) throw this.#fail(limitError(this.#options.maxMessageBytes))
      return this.#options.output === 'string' ? asBuffer(chunk).toString('utf8') : chunk
    }
    let bytes: Uint8Array
    try {
      // maxOutputLength stops inflating as soon as the limit is passed.
      bytes = zlib.inflateSync(chunk, { maxOutputLength: Math.min(this.#options.maxMessageBytes, bufferConstants.MAX_LENGTH) })
    } catch (cause) {
      if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw this.#fail(limitError(this.#options.maxMessageBytes))
      throw this.#fail(corruptError(this.backend, (cause as Error).message, cause))
    }
    return ownedOutput(bytes, this.#options.output)
  }

  reset(): void {
    this.#needsReset = false
  }

  close(): void {
    // Nothing native is held; like every decompressor, it refuses input until reset().
    this.#needsReset = true
  }

  #fail(error: ShardwireError): ShardwireError {
    this.#needsReset = true
    return error
  }
}

/**
 * Whether `bytes` start with a zlib header (RFC 1950: method 8, window at most 32 KiB, header
 * divisible by 31), as `78 9c` does. JSON text cannot: it starts with `{`, `[` or whitespace.
 */
export function hasZlibHeader(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 2) return false
  const cmf = bytes[0]!
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | bytes[1]!) % 31 === 0
}
