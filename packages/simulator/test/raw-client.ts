// A minimal, independent gateway client for tests: a raw `ws` socket plus decoders that do
// not share code with the simulator (node:zlib's async inflate stream, zstd-napi's DCtx,
// @shardwire/core's JSON and ETF decoders).
import { once } from 'node:events'
import { createRequire } from 'node:module'
import zlib from 'node:zlib'
import { WebSocket } from 'ws'
import { decodeEtf, decodeJson, encodeEtf, type GatewayPayload } from '@shardwire/core'

const require = createRequire(import.meta.url)

interface ZstdDecoder {
  decompressStream(out: Uint8Array, input: Uint8Array): [number, number, number]
}

/** How a {@link RawClient} connects. */
export interface RawClientOptions {
  encoding?: 'json' | 'etf'
  compression?: 'zlib-stream' | 'zstd-stream'
  /** Extra query or a whole custom query string (replaces the default one). */
  query?: string
  path?: string
}

/** The close a client observed. */
export interface ObservedClose {
  code: number
  reason: string
}

/** A test client that decodes everything it receives into `payloads`. */
export class RawClient {
  readonly ws: WebSocket
  readonly payloads: GatewayPayload[] = []
  /** `Date.now()` when each payload was decoded, parallel to `payloads`. */
  readonly receivedAt: number[] = []
  /** Raw frames received, before decompression. */
  readonly frames: Buffer[] = []
  /** Decoder or decompressor failures. */
  readonly errors: Error[] = []
  readonly closed: Promise<ObservedClose>
  readonly #encoding: 'json' | 'etf'
  #chain: Promise<void> = Promise.resolve()
  #pending: Buffer[] = []
  readonly #inflate: zlib.Inflate | null
  readonly #zstd: ZstdDecoder | null
  #waiters: Array<() => void> = []

  private constructor(ws: WebSocket, options: RawClientOptions) {
    this.ws = ws
    this.#encoding = options.encoding ?? 'json'
    this.#inflate = options.compression === 'zlib-stream' ? zlib.createInflate() : null
    this.#inflate?.on('error', (error) => this.errors.push(error))
    const binding = options.compression === 'zstd-stream' ? (require('zstd-napi/binding') as { DCtx: new () => ZstdDecoder }) : null
    this.#zstd = binding === null ? null : new binding.DCtx()
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() })
        this.#notify()
      })
    })
    ws.on('error', (error) => this.errors.push(error))
    ws.on('message', (data: Buffer, isBinary) => {
      this.frames.push(data)
      this.#chain = this.#chain.then(() => this.#onFrame(data, isBinary)).catch((error: Error) => void this.errors.push(error))
    })
  }

  /** Opens a socket on `baseUrl` (a gateway URL) and waits until it is open. */
  static async connect(baseUrl: string, options: RawClientOptions = {}): Promise<RawClient> {
    const query = options.query ?? `v=10&encoding=${options.encoding ?? 'json'}${options.compression ? `&compress=${options.compression}` : ''}`
    const ws = new WebSocket(`${baseUrl}${options.path ?? '/'}?${query}`)
    const client = new RawClient(ws, options)
    await once(ws, 'open')
    return client
  }

  async #onFrame(data: Buffer, isBinary: boolean): Promise<void> {
    let message: Uint8Array | string | null = isBinary ? data : data.toString()
    if (this.#inflate !== null) {
      this.#pending.push(data)
      if (data.length < 4 || data.readUInt32BE(data.length - 4) !== 0x0000ffff) return
      message = await this.#inflateAll(Buffer.concat(this.#pending))
      this.#pending = []
    } else if (this.#zstd !== null) {
      const out = Buffer.alloc(8 * 1024 * 1024)
      const [, produced] = this.#zstd.decompressStream(out, data)
      message = out.subarray(0, produced)
    }
    if (message === null) return
    this.payloads.push(this.#encoding === 'etf' ? (decodeEtf(message as Uint8Array) as GatewayPayload) : decodeJson(message))
    this.receivedAt.push(Date.now())
    this.#notify()
  }

  #inflateAll(input: Buffer): Promise<Buffer> {
    const inflate = this.#inflate as zlib.Inflate
    const chunks: Buffer[] = []
    const onData = (chunk: Buffer): void => void chunks.push(chunk)
    inflate.on('data', onData)
    return new Promise((resolve, reject) => {
      inflate.once('error', reject)
      inflate.write(input)
      inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        inflate.off('data', onData)
        inflate.off('error', reject)
        resolve(Buffer.concat(chunks))
      })
    })
  }

  #notify(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }

  /** Waits for the first payload (from `from` on) matching `predicate`; rejects if the socket closes first. */
  async waitFor(predicate: (p: GatewayPayload) => boolean, from = 0): Promise<GatewayPayload> {
    for (;;) {
      const found = this.payloads.slice(from).find(predicate)
      if (found !== undefined) return found
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a payload')
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
    }
  }

  /** Waits until `count` payloads matching `predicate` arrived. */
  async waitForCount(predicate: (p: GatewayPayload) => boolean, count: number): Promise<GatewayPayload[]> {
    for (;;) {
      const found = this.payloads.filter(predicate)
      if (found.length >= count) return found
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed with ${found.length}/${count} payloads`)
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
    }
  }

  /** Sends a payload in the connection's encoding, or raw text/bytes as given. */
  send(payload: { op: number; d: unknown } | string | Buffer): void {
    if (typeof payload === 'string' || Buffer.isBuffer(payload)) return this.ws.send(payload)
    this.ws.send(this.#encoding === 'etf' ? encodeEtf({ s: null, t: null, ...payload }) : JSON.stringify(payload))
  }

  /** Sends identify for `shard` with the default test token. */
  identify(shard: [number, number] = [0, 1], extra: Record<string, unknown> = {}): void {
    this.send({ op: 2, d: { ...identifyData(shard), ...extra } })
  }

  /** All dispatches received, as `{ s, t }`. */
  dispatches(): Array<{ s: number | null; t: string | null }> {
    return this.payloads.filter((p) => p.op === 0).map((p) => ({ s: p.s, t: p.t }))
  }

  close(code = 1000): void {
    this.ws.close(code)
  }
}

/** A valid identify `d` for the default token. */
export function identifyData(shard: [number, number] = [0, 1], token = 'simulator-token'): Record<string, unknown> {
  return { token, intents: 513 | (1 << 8) | (1 << 1) | (1 << 11) | (1 << 10), properties: { os: 'linux', browser: 'test', device: 'test' }, shard }
}

/**
 * Resolves once `check` holds, polling every 10 ms; rejects after `limitMs` so a hang fails
 * the test instead of stalling the run.
 */
export async function eventually(check: () => boolean, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited >= limitMs) throw new Error(`condition not met within ${limitMs} ms: ${check.toString()}`)
    await sleep(10)
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
