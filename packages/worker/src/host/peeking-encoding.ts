import type { Encoding, EncodingName, GatewayPayload } from '@shardwire/core'
import { peekDispatch } from './peek-dispatch.js'

/**
 * Wraps an encoding so that JSON dispatches nobody in the worker needs decoded are not parsed:
 * their name and sequence are peeked from the text (see `peekDispatch`) and the shard gets
 * `{ op: 0, t, s, d: null }`, which is all it reads of them. The text of each dispatch that may
 * be forwarded is kept, so that forwarding it to the main thread is a string copy rather than a
 * clone of the object; the others keep nothing (a weak map entry per event costs the collector).
 */
export class PeekingEncoding implements Encoding {
  readonly name: EncodingName
  readonly #inner: Encoding
  readonly #decodes: (name: string) => boolean
  readonly #keepsText: (name: string) => boolean
  readonly #texts = new WeakMap<object, string>()

  /**
   * @param inner - the encoding that decodes what must be decoded
   * @param decodes - whether dispatches named `name` must be decoded (READY and RESUMED always are)
   * @param keepsText - whether the text of dispatches named `name` is kept for {@link PeekingEncoding.textOf} (they may be forwarded)
   */
  constructor(inner: Encoding, decodes: (name: string) => boolean, keepsText: (name: string) => boolean = () => true) {
    this.name = inner.name
    this.#inner = inner
    this.#decodes = decodes
    this.#keepsText = keepsText
  }

  /** See {@link Encoding.decode}. */
  decode(data: string | Uint8Array): GatewayPayload {
    if (typeof data !== 'string') return this.#inner.decode(data)
    const head = peekDispatch(data)
    if (head !== null && head.t !== 'READY' && head.t !== 'RESUMED' && !this.#decodes(head.t)) {
      const payload: GatewayPayload = { op: 0, t: head.t, s: head.s, d: null }
      if (this.#keepsText(head.t)) this.#texts.set(payload, data)
      return payload
    }
    const payload = this.#inner.decode(data)
    if (payload.op === 0 && payload.t !== null && this.#keepsText(payload.t)) this.#texts.set(payload, data)
    return payload
  }

  /** See {@link Encoding.encode}. */
  encode(payload: GatewayPayload | Omit<GatewayPayload, 's' | 't'>): string | Uint8Array {
    return this.#inner.encode(payload)
  }

  /** The JSON text a dispatch returned by {@link PeekingEncoding.decode} was read from; undefined for ETF. */
  textOf(payload: object): string | undefined {
    return this.#texts.get(payload)
  }
}
