import { jsonEncoding, type ShardDispatch } from '@shardwire/core'
import type { EventBatch, ForwardedText } from './bridge-api.js'

/** A dispatch forwarded as text: `t` and `s` at once, `d` parsed on first read. */
class LazyDispatch {
  readonly op = 0
  readonly t: string
  readonly s: number
  #text: string | null
  #d: unknown = null

  constructor(forwarded: ForwardedText) {
    this.t = forwarded.t
    this.s = forwarded.s
    this.#text = forwarded.text
  }

  /**
   * The event data, parsed from the forwarded text the first time it is read.
   * @throws DecodeError `JSON_INVALID` or `PAYLOAD_INVALID` when the text is not a gateway payload
   */
  get d(): unknown {
    const text = this.#text
    if (text !== null) {
      this.#d = jsonEncoding.decode(text).d
      this.#text = null
    }
    return this.#d
  }

  toJSON(): { op: 0; t: string; s: number; d: unknown } {
    return { op: 0, t: this.t, s: this.s, d: this.d }
  }
}

/**
 * A dispatch of an {@link EventBatch} as the manager hands it out: decoded ones as they are,
 * forwarded text as a dispatch whose `d` is parsed lazily, so that a listener that only looks at
 * `t` and `s` never pays for parsing (a worker already checked that the text is a dispatch).
 */
export function readForwardedDispatch(payload: ShardDispatch | ForwardedText): ShardDispatch {
  return 'text' in payload ? (new LazyDispatch(payload) as unknown as ShardDispatch) : payload
}
