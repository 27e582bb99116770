/**
 * How the 120-per-60-s send limit is counted. `fixed`: windows start when the socket opens
 * and every `windowMs` after (what discord.js and most clients assume). `sliding`: any
 * `windowMs` span (stricter; catches bursts straddling a window edge).
 */
export type SendRateMode = 'fixed' | 'sliding'

/** How many payloads a connection sent in one fixed window, for the records. */
export interface SendWindowCount {
  /** Window start, in clock milliseconds. */
  readonly start: number
  count: number
}

/**
 * Counts what one connection sends and says when it exceeds the gateway send limit
 * ("Rate Limiting" in Discord's gateway docs: 120 per 60 s, heartbeats included).
 * Pure: the caller passes the time of each payload.
 */
export class SendRateWindow {
  readonly #limit: number
  readonly #windowMs: number
  readonly #mode: SendRateMode
  readonly #openedAt: number
  readonly #recent: number[] = []
  /** Payload counts per fixed window since the socket opened, oldest first. */
  readonly windows: SendWindowCount[] = []

  constructor(options: { limit: number; windowMs: number; mode: SendRateMode; openedAt: number }) {
    this.#limit = options.limit
    this.#windowMs = options.windowMs
    this.#mode = options.mode
    this.#openedAt = options.openedAt
  }

  /** Counts one payload received at `now`; false when it goes over the limit. */
  hit(now: number): boolean {
    const start = this.#openedAt + Math.floor((now - this.#openedAt) / this.#windowMs) * this.#windowMs
    let current = this.windows.at(-1)
    if (current === undefined || current.start !== start) {
      current = { start, count: 0 }
      this.windows.push(current)
    }
    current.count++
    if (this.#mode === 'fixed') return current.count <= this.#limit
    while (this.#recent.length > 0 && (this.#recent[0] as number) <= now - this.#windowMs) this.#recent.shift()
    this.#recent.push(now)
    return this.#recent.length <= this.#limit
  }
}
