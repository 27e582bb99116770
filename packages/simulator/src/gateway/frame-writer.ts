import zlib from 'node:zlib'
import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { Encoding, GatewayPayload } from '@shardwire/core'
import type { Compressor } from '../compression/compressor.js'
import { splitFrames } from '../compression/split-frames.js'

type Outgoing =
  | { readonly kind: 'frame'; readonly data: string | Uint8Array }
  | { readonly kind: 'close'; readonly code: number; readonly reason: string }

/** What one connection's {@link FrameWriter} writes with. */
export interface FrameWriterOptions {
  readonly ws: WebSocket
  readonly encoding: Encoding
  readonly compressor: Compressor | null
  /** zlib-stream only: split each message into frames of at most this many bytes (0: never). */
  readonly splitFrameBytes: number
}

// Payload compression (identify `compress: true`) compresses only payloads worth it; small
// ones stay plain text, so a client sees both kinds, as on Discord.
const payloadCompressionMinBytes = 1024

/**
 * Turns payloads into frames for one socket: encode, compress with the connection's one
 * context, split, write. Frames are queued so a stall can hold them and a close is written
 * after everything sent before it.
 */
export class FrameWriter {
  readonly #ws: WebSocket
  readonly #encoding: Encoding
  readonly #compressor: Compressor | null
  readonly #splitFrameBytes: number
  readonly #queue: Outgoing[] = []
  #stalled = false
  /** Identify asked for payload compression (JSON without transport compression only). */
  payloadCompression = false

  constructor(options: FrameWriterOptions) {
    this.#ws = options.ws
    this.#encoding = options.encoding
    this.#compressor = options.compressor
    this.#splitFrameBytes = options.splitFrameBytes
  }

  /** Whether frames are being held by a stall. */
  get stalled(): boolean {
    return this.#stalled
  }

  /** Encodes, compresses and queues one payload. */
  send(payload: GatewayPayload): void {
    this.sendEncoded(this.#encoding.encode(payload))
  }

  /** Queues an already encoded message, through the connection's compressor if it has one. */
  sendEncoded(message: string | Uint8Array): void {
    if (this.#compressor !== null) {
      const bytes = typeof message === 'string' ? Buffer.from(message) : message
      const compressed = this.#compressor.compress(bytes)
      const split = this.#compressor.compression === 'zlib-stream' ? this.#splitFrameBytes : 0
      for (const frame of splitFrames(compressed, split)) this.#enqueue({ kind: 'frame', data: frame })
      return
    }
    if (this.payloadCompression && typeof message === 'string' && message.length >= payloadCompressionMinBytes) {
      // Each compressed payload is a standalone zlib stream ("Payload Compression").
      this.#enqueue({ kind: 'frame', data: zlib.deflateSync(message) })
      return
    }
    this.#enqueue({ kind: 'frame', data: message })
  }

  /** Queues bytes exactly as given, bypassing encoding and compression (for corrupt frames). */
  sendRaw(data: Uint8Array): void {
    this.#enqueue({ kind: 'frame', data })
  }

  /** Queues a close frame after everything already queued. */
  close(code: number, reason: string): void {
    this.#enqueue({ kind: 'close', code, reason })
  }

  /**
   * Buffers what is written from now until {@link uncork} and then writes it in one go, as a
   * busy server's TCP stack coalesces the frames of one burst: the load generator corks a
   * shard's connections around each batch it sends, so it costs one write per batch rather than
   * one per frame, and a client under load reads several frames at a time, as from Discord.
   */
  cork(): void {
    this.#socket()?.cork()
  }

  /** See {@link cork}. */
  uncork(): void {
    this.#socket()?.uncork()
  }

  // ws keeps the connection's net.Socket as `_socket` (its own Sender corks it per frame too).
  #socket(): Socket | undefined {
    return (this.#ws as unknown as { _socket?: Socket })._socket
  }

  /** Holds every frame until {@link resume}. */
  stall(): void {
    this.#stalled = true
  }

  /** Writes what a stall held, in order. */
  resume(): void {
    this.#stalled = false
    this.#flush()
  }

  #enqueue(item: Outgoing): void {
    this.#queue.push(item)
    if (!this.#stalled) this.#flush()
  }

  #flush(): void {
    while (!this.#stalled && this.#queue.length > 0) {
      const item = this.#queue.shift() as Outgoing
      // Writes after the socket closed are dropped: the session log keeps dispatches for a resume.
      if (this.#ws.readyState !== this.#ws.OPEN) continue
      if (item.kind === 'frame') this.#ws.send(item.data, { binary: typeof item.data !== 'string' })
      else this.#ws.close(item.code, item.reason)
    }
  }
}
