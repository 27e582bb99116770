import WebSocket from 'ws'
import type { Decompressor } from '../compression/decompressor.js'
import type { Encoding } from '../encoding/encoding.js'
import { DecodeError, ShardwireError } from '../errors.js'
import type { GatewayPayload } from '../gateway-payload.js'
import type { PayloadTimer } from './payload-timings.js'

/** What a {@link GatewaySocket} reports. Nothing is reported once the socket is being closed by the shard. */
export interface GatewaySocketHandlers {
  open(): void
  /** A whole message, decompressed and decoded. */
  message(payload: GatewayPayload): void
  /** A message could not be decompressed or decoded. */
  invalid(error: ShardwireError): void
  /** The socket closed: 1005 without a code, 1006 when it dropped or never opened. */
  closed(code: number): void
  /** Every frame as received, before decompression (the frame capture's tap). */
  frame?(data: string | Uint8Array): void
}

/**
 * One gateway connection over `ws`: bytes in, payloads out. It resets the decompressor when it
 * opens, so every connection starts with a fresh context and empty buffers
 * ("Transport Compression": a context must never outlive its connection).
 */
export class GatewaySocket {
  readonly #ws: WebSocket
  readonly #decompressor: Decompressor
  readonly #encoding: Encoding
  readonly #timer: PayloadTimer | null
  #handlers: GatewaySocketHandlers | null
  readonly #closed: Promise<void>

  /** @param timer - totals the time spent decompressing and decoding, when given */
  constructor(url: string, decompressor: Decompressor, encoding: Encoding, handlers: GatewaySocketHandlers, timer: PayloadTimer | null = null) {
    decompressor.reset()
    this.#timer = timer
    this.#decompressor = decompressor
    this.#encoding = encoding
    this.#handlers = handlers
    // Discord does not negotiate permessage-deflate; its compression is in the payloads.
    this.#ws = new WebSocket(url, { perMessageDeflate: false })
    this.#closed = new Promise((resolve) => this.#ws.once('close', () => resolve()))
    this.#ws.on('open', () => this.#handlers?.open())
    this.#ws.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary))
    this.#ws.on('close', (code) => {
      const handlers = this.#handlers
      this.#handlers = null
      handlers?.closed(code)
    })
    // ws reports failures as 'error' then 'close'; the close is what counts.
    this.#ws.on('error', () => {})
  }

  /** Writes one encoded payload; the callback reports whether it reached the socket. */
  send(data: string | Uint8Array, callback: (error?: Error | null) => void): void {
    if (this.#ws.readyState !== WebSocket.OPEN) {
      callback(new Error('the socket is not open'))
      return
    }
    this.#ws.send(data, callback)
  }

  /**
   * Closes with `code` and stops reporting at once. A socket that does not finish its close
   * handshake within `timeoutMs` (a zombie, a stalled server) is destroyed.
   * Resolves once the socket is closed.
   */
  close(code: number, timeoutMs: number): Promise<void> {
    this.#handlers = null
    const ws = this.#ws
    if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
      else ws.close(code)
      const timer = setTimeout(() => ws.terminate(), timeoutMs)
      timer.unref()
      void this.#closed.then(() => clearTimeout(timer))
    }
    return this.#closed
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    const handlers = this.#handlers
    if (handlers === null) return
    let payload: GatewayPayload
    const timer = this.#timer
    // Text frames stay text: payload compression tells compressed frames by their binary type.
    const frame = isBinary ? data : data.toString('utf8')
    // Before the timer starts: a capture's writes are not the codec's cost.
    handlers.frame?.(frame)
    try {
      const started = timer === null ? 0 : performance.now()
      const message = this.#decompressor.push(frame)
      const decompressed = timer === null ? 0 : performance.now()
      if (timer !== null) {
        timer.frames++
        timer.decompressMicros += (decompressed - started) * 1000
      }
      if (message === null) return
      payload = this.#encoding.decode(message)
      if (timer !== null) {
        timer.messages++
        timer.decodeMicros += (performance.now() - decompressed) * 1000
      }
    } catch (error) {
      handlers.invalid(error instanceof ShardwireError ? error : new DecodeError('PAYLOAD_INVALID', String(error), 0, { cause: error }))
      return
    }
    handlers.message(payload)
  }
}
