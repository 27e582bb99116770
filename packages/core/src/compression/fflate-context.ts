import { Buffer } from 'node:buffer'
import type * as Fflate from 'fflate'
import { lazyModule } from './lazy-module.js'
import { DecompressionError } from '../errors.js'
import { ownedOutput } from './decompressed-output.js'
import type { DecompressedOutput } from './decompressed-output.js'
import type { ResolvedDecompressorOptions } from './resolve-decompressor-options.js'
import { corruptError, limitError } from './decompression-errors.js'
import { inflateSliceBytes } from './stream-context.js'
import type { StreamContext } from './stream-context.js'

const loadFflate = lazyModule<typeof Fflate>('fflate')

/**
 * A zlib inflate context in pure JavaScript (fflate's streaming `Unzlib`), the fallback when
 * neither node:zlib's synchronous path nor zlib-sync works. fflate keeps the 32 KiB window
 * between pushes and resumes at any byte, so sync-flushed messages and arbitrary splits both
 * inflate correctly. It costs 30 to 60 times native zlib per gateway packet (it allocates a
 * fresh 160 KiB output buffer on every push).
 */
export class FflateContext implements StreamContext {
  readonly #unzlib: Fflate.Unzlib
  readonly #limit: number
  readonly #output: DecompressedOutput
  #parts: Uint8Array[] = []
  #total = 0

  constructor(options: ResolvedDecompressorOptions) {
    this.#limit = options.maxMessageBytes
    this.#output = options.output
    this.#unzlib = new (loadFflate().Unzlib)((data) => {
      if (data.byteLength === 0) return
      this.#parts.push(data)
      this.#total += data.byteLength
    })
  }

  decompress(message: Uint8Array): Uint8Array | string {
    this.#parts = []
    this.#total = 0
    // One push inflates all it is given, so a bomb is fed in slices and measured between them.
    for (let offset = 0; offset < message.byteLength; offset += inflateSliceBytes) {
      try {
        this.#unzlib.push(message.subarray(offset, offset + inflateSliceBytes))
      } catch (cause) {
        if (cause instanceof DecompressionError) throw cause
        throw corruptError('fflate', (cause as Error).message, cause)
      }
      if (this.#total > this.#limit) throw limitError(this.#limit)
    }
    const parts = this.#parts
    this.#parts = []
    // fflate hands out fresh arrays, so a single part needs no copy.
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.#total)
    return ownedOutput(bytes, this.#output)
  }

  close(): void {
    this.#parts = []
  }
}
