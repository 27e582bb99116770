import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs'
import { InvalidOptionError, ShardwireError, type Compression, type EncodingName } from '@shardwire/core'
import { frameCaptureFormat, frameCaptureVersion, type FrameCaptureHeader } from './frame-capture-format.js'

/** Options of a {@link FrameCaptureWriter}. */
export interface FrameCaptureWriterOptions {
  /** The file to write; created, or emptied if it exists. */
  readonly path: string
  /** Largest size of the file in bytes, header included: at least 1024. */
  readonly maxBytes: number
  /** The encoding of the frames to record. */
  readonly encoding: EncodingName
  /** The compression of the frames to record. */
  readonly compression: Compression
  /** The recording worker, stated in the header. */
  readonly workerId?: number
  /**
   * The recording run, stated in the header. When the file already starts with a header of the
   * same run (a restarted worker), a new segment is appended, its size counting toward
   * `maxBytes`; otherwise the file is started anew.
   * @defaultValue none: the file is always started anew
   */
  readonly run?: string
  /** Told once when a write fails; recording then stops. */
  readonly onError?: (error: ShardwireError) => void
  /**
   * How often buffered frames reach the file, in milliseconds (they also do every 64 KiB and on close).
   * @defaultValue 1000
   */
  readonly flushIntervalMs?: number
}

// Frames are gathered in memory and written in chunks: one write per frame would cost a
// system call on the shard's receive path.
const flushBytes = 64 * 1024
const compressions: readonly Compression[] = ['none', 'payload', 'zlib-stream', 'zstd-stream']

/** Whether the file at `path` starts with a capture header of run `run`. */
function sameRun(path: string, run: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return false
  }
  try {
    const head = Buffer.alloc(4096)
    const read = readSync(fd, head, 0, head.length, 0)
    const first = head.subarray(0, read).toString('utf8').split('\n')[0] ?? ''
    const header = JSON.parse(first) as { format?: unknown; run?: unknown }
    return header.format === frameCaptureFormat && header.run === run
  } catch {
    return false
  } finally {
    closeSync(fd)
  }
}

/**
 * Records received frames to a size-bounded capture file (format: {@link FrameCaptureHeader}).
 * Past `maxBytes` it stops recording for good: the first frame that would not fit and every
 * later one are dropped, so the file never holds part of a frame, and streams stay decodable
 * up to where they stop. Writes are synchronous, in 64 KiB chunks, at least every second.
 *
 * @example
 * ```ts
 * const capture = new FrameCaptureWriter({ path: 'traffic.ndjson', maxBytes: 8 << 20, encoding: 'json', compression: 'zlib-stream' })
 * const shard = new Shard({ token, shardId: 0, shardCount: 1, intents, compression: 'zlib-stream', onFrame: (frame, connection) => capture.record(0, connection, frame) })
 * ```
 */
export class FrameCaptureWriter {
  readonly #maxBytes: number
  readonly #started = Date.now()
  readonly #onError: ((error: ShardwireError) => void) | null
  readonly #timer: NodeJS.Timeout
  #fd: number | null
  #pending: string[] = []
  #pendingBytes = 0
  #bytes = 0
  #frames = 0
  #full = false

  /**
   * Creates the file and writes the header.
   * @throws InvalidOptionError on an invalid option
   * @throws ShardwireError `CAPTURE_WRITE_FAILED` when the file cannot be created
   */
  constructor(options: FrameCaptureWriterOptions) {
    const { path, maxBytes, encoding, compression, workerId, run, onError, flushIntervalMs = 1000 } = options
    if (typeof path !== 'string' || path === '') throw new InvalidOptionError('capture.path', 'expected a file path')
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1024) throw new InvalidOptionError('capture.maxBytes', `expected an integer >= 1024, got ${String(maxBytes)}`)
    if (encoding !== 'json' && encoding !== 'etf') throw new InvalidOptionError('encoding', `expected 'json' or 'etf', got ${String(encoding)}`)
    if (!compressions.includes(compression)) throw new InvalidOptionError('compression', `expected one of ${compressions.join(', ')}, got ${String(compression)}`)
    if (!(typeof flushIntervalMs === 'number' && flushIntervalMs > 0)) throw new InvalidOptionError('flushIntervalMs', 'expected milliseconds > 0')
    this.#maxBytes = maxBytes
    this.#onError = onError ?? null
    const header: FrameCaptureHeader = {
      format: frameCaptureFormat,
      version: frameCaptureVersion,
      encoding,
      compression,
      node: process.version,
      ...(workerId === undefined ? {} : { workerId }),
      ...(run === undefined ? {} : { run }),
      startedAt: new Date(this.#started).toISOString(),
    }
    const line = `${JSON.stringify(header)}\n`
    let fd: number | null = null
    let existing = 0
    try {
      const append = run !== undefined && sameRun(path, run)
      fd = openSync(path, append ? 'a' : 'w')
      existing = append ? fstatSync(fd).size : 0
      // A segment whose header alone would pass the bound is not started: the file stays as it is.
      if (existing + line.length <= maxBytes) writeSync(fd, line)
      else this.#full = true
    } catch (cause) {
      if (fd !== null) closeSync(fd)
      throw new ShardwireError('CAPTURE_WRITE_FAILED', `The frame capture file ${path} could not be created: ${(cause as Error).message}`, { cause })
    }
    this.#fd = fd
    this.#bytes = existing + (this.#full ? 0 : line.length)
    this.#timer = setInterval(() => this.flush(), flushIntervalMs)
    this.#timer.unref()
  }

  /** Bytes recorded so far (written or about to be), header included; never above `maxBytes`. */
  get bytes(): number {
    return this.#bytes
  }

  /** Frames recorded so far. */
  get frames(): number {
    return this.#frames
  }

  /** True once a frame did not fit (or a write failed, or the writer closed): nothing more is recorded. */
  get full(): boolean {
    return this.#full || this.#fd === null
  }

  /**
   * Records one received frame of shard `shardId`'s connection `connection`. Returns false when
   * it was not recorded, because the capture is full or closed.
   */
  record(shardId: number, connection: number, frame: Uint8Array | string): boolean {
    if (this.full) return false
    const binary = typeof frame !== 'string'
    const bytes = binary ? Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) : Buffer.from(frame, 'utf8')
    const line = `{"shard":${shardId},"connection":${connection},"at":${Date.now() - this.#started},"binary":${binary},"length":${bytes.byteLength},"data":"${bytes.toString('base64')}"}\n`
    // Every character of the line is ASCII, so its length is its size in bytes.
    if (this.#bytes + line.length > this.#maxBytes) {
      this.#full = true
      this.flush()
      return false
    }
    this.#append(line)
    this.#frames++
    if (this.#pendingBytes >= flushBytes) this.flush()
    return true
  }

  /** Writes what is buffered to the file. */
  flush(): void {
    if (this.#fd === null || this.#pending.length === 0) return
    const chunk = this.#pending.join('')
    this.#pending = []
    this.#pendingBytes = 0
    try {
      writeSync(this.#fd, chunk)
    } catch (cause) {
      this.#fail(new ShardwireError('CAPTURE_WRITE_FAILED', `The frame capture stopped: a write failed: ${(cause as Error).message}`, { cause }))
    }
  }

  /** Writes what is buffered and closes the file. Later frames are not recorded. */
  close(): void {
    clearInterval(this.#timer)
    if (this.#fd === null) return
    this.flush()
    const fd = this.#fd
    this.#fd = null
    try {
      fsyncSync(fd)
    } catch {
      // Not every file system syncs (a pipe, /dev/null); the data was written all the same.
    }
    closeSync(fd)
  }

  #append(line: string): void {
    this.#pending.push(line)
    this.#pendingBytes += line.length
    this.#bytes += line.length
  }

  #fail(error: ShardwireError): void {
    const fd = this.#fd
    this.#fd = null
    this.#full = true
    clearInterval(this.#timer)
    if (fd !== null) {
      try {
        closeSync(fd)
      } catch {
        // Already failing; the first error is the one reported.
      }
    }
    this.#onError?.(error)
  }
}
