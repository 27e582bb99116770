import type { Socket } from 'node:net'

/**
 * Paces what one connection reads: at full speed normally, or, under the slow-consumer
 * fault, one message per delay with the TCP socket paused, so the client feels backpressure
 * and its heartbeats are acknowledged late.
 */
export class InboundPacer {
  readonly #socket: Socket
  readonly #handle: (data: Buffer) => void
  readonly #held: () => boolean
  readonly #inbox: Buffer[] = []
  #delayMs = 0
  #draining = false
  #stopped = false

  /**
   * @param socket - the connection's TCP socket
   * @param handle - processes one message
   * @param held - whether something else (a stall) keeps the socket paused
   */
  constructor(socket: Socket, handle: (data: Buffer) => void, held: () => boolean) {
    this.#socket = socket
    this.#handle = handle
    this.#held = held
  }

  /** Reads each later message `delayMs` after the previous one (0: full speed). */
  set delayMs(value: number) {
    this.#delayMs = value
  }

  /** Takes one message from the socket. */
  push(data: Buffer): void {
    if (this.#stopped) return
    if (this.#delayMs === 0 && !this.#draining) return this.#handle(data)
    this.#inbox.push(data)
    if (this.#draining) return
    this.#draining = true
    this.#socket.pause()
    setTimeout(() => this.#step(), this.#delayMs).unref()
  }

  #step(): void {
    const next = this.#inbox.shift()
    if (next === undefined || this.#stopped) {
      this.#draining = false
      if (!this.#stopped && !this.#held()) this.#socket.resume()
      return
    }
    this.#handle(next)
    setTimeout(() => this.#step(), this.#delayMs).unref()
  }

  /** Drops what is waiting; used when the connection closes. */
  stop(): void {
    this.#stopped = true
    this.#inbox.length = 0
  }
}
