import { Buffer } from 'node:buffer'
import type * as Fzstd from 'fzstd'
import { lazyModule } from './lazy-module.js'
import { DecompressionError } from '../errors.js'
import { ownedOutput } from './decompressed-output.js'
import type { DecompressedOutput } from './decompressed-output.js'
import type { ResolvedDecompressorOptions } from './resolve-decompressor-options.js'
import { corruptError, limitError } from './decompression-errors.js'
import type { StreamContext } from './stream-context.js'

const loadFzstd = lazyModule<typeof Fzstd>('fzstd')

/**
 * A zstd decompression context in pure JavaScript (fzstd's streaming `Decompress`), the fallback
 * where node:zlib has no zstd (before Node 22.15). fzstd reallocates and shifts its window on
 * every block, which costs 70 to 120 µs per packet whatever its size: 20 to 30x native zstd.
 *
 * fzstd waits for 18 bytes before reading a frame header, so a first message shorter than that
 * produces nothing and is reported corrupt; real gateway traffic starts with a longer Hello.
 */
export class FzstdContext implements StreamContext {
  readonly #decompress: Fzstd.Decompress
  readonly #limit: number
  readonly #output: DecompressedOutput
  #parts: Uint8Array[] = []
  #total = 0

  constructor(options: ResolvedDecompressorOptions) {
    this.#limit = options.maxMessageBytes
    this.#output = options.output
    // fzstd calls this once per block (at most 128 KiB): throwing here stops a bomb mid-push.
    this.#decompress = new (loadFzstd().Decompress)((data) => {
      this.#total += data.byteLength
      if (this.#total > this.#limit) throw limitError(this.#limit)
      if (data.byteLength !== 0) this.#parts.push(data)
    })
  }

  decompress(message: Uint8Array): Uint8Array | string {
    this.#parts = []
    this.#total = 0
    try {
      this.#decompress.push(message)
    } catch (cause) {
      if (cause instanceof DecompressionError) throw cause
      throw corruptError('fzstd', (cause as Error).message, cause)
    }
    const parts = this.#parts
    this.#parts = []
    // A block may be a view into a larger work buffer: copy so the message owns only its bytes.
    const bytes = Buffer.concat(parts, this.#total)
    return ownedOutput(bytes, this.#output)
  }

  close(): void {
    this.#parts = []
  }
}
