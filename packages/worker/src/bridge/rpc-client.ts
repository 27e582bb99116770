import { wrap, type Remote } from 'comlink'
import type { MessagePort } from 'node:worker_threads'
import { InvalidOptionError, ShardwireError } from '@shardwire/core'
import { fromErrorData, isErrorData } from './error-data.js'
import { nodeEndpoint } from './node-endpoint.js'

/** The names of `T`'s methods. */
export type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string

/** The arguments of method `K` of `T`. */
export type MethodArgs<T, K extends MethodName<T>> = T[K] extends (...args: infer A) => unknown ? A : never

/** What method `K` of `T` resolves with. */
export type MethodResult<T, K extends MethodName<T>> = T[K] extends (...args: never[]) => infer R ? Awaited<R> : never

/** `T` as seen through an {@link RpcClient}: every method returns a promise, called with the default timeout. */
export type Rpc<T> = { readonly [K in MethodName<T>]: (...args: MethodArgs<T, K>) => Promise<MethodResult<T, K>> }

/** Options of {@link RpcClient}. */
export interface RpcClientOptions {
  /** Who is on the other side, for error messages, such as `worker 3`. */
  readonly peer: string
  /**
   * How long a call may wait for its answer before rejecting with `RPC_TIMEOUT`.
   * @defaultValue 10000
   */
  readonly timeoutMs?: number
}

interface Pending {
  readonly reject: (error: ShardwireError) => void
}

/**
 * Calls the API `T` exposed (with `exposeApi`) on the other end of `port`, through comlink,
 * with what comlink lacks: every call is bounded in time (`RPC_TIMEOUT`), every pending call
 * rejects when the other side dies or the port closes (`WORKER_DIED`), and errors arrive as
 * the `ShardwireError` subclass their code belongs to.
 */
export class RpcClient<T extends object> {
  /** Who is on the other side. */
  readonly peer: string
  /** The default time bound of a call, in milliseconds. */
  readonly timeoutMs: number
  /** The API with typed methods, each call using the default timeout. */
  readonly api: Rpc<T>
  readonly #port: MessagePort
  readonly #remote: Remote<T>
  readonly #pending = new Set<Pending>()
  #failure: ShardwireError | null = null

  constructor(port: MessagePort, options: RpcClientOptions) {
    const { peer, timeoutMs = 10_000 } = options
    if (!(timeoutMs > 0)) throw new InvalidOptionError('timeoutMs', `expected a number of milliseconds > 0, got ${String(timeoutMs)}`)
    this.peer = peer
    this.timeoutMs = timeoutMs
    this.#port = port
    this.#remote = wrap<T>(nodeEndpoint(port))
    // The other end closing (its thread exited or was terminated) ends every pending call.
    port.once('close', () => this.fail(new ShardwireError('WORKER_DIED', `The bridge to ${peer} closed`)))
    const call = this.call.bind(this) as (method: string, args: unknown[]) => Promise<unknown>
    this.api = new Proxy({}, {
      get: (_target, method) => (typeof method === 'string' ? (...args: unknown[]) => call(method, args) : undefined),
    }) as Rpc<T>
  }

  /** Calls `method` with `args`; `timeoutMs` overrides the default bound for a call known to wait (an identify permit). */
  call<K extends MethodName<T>>(method: K, args: MethodArgs<T, K>, options: { readonly timeoutMs?: number } = {}): Promise<MethodResult<T, K>> {
    if (this.#failure !== null) return Promise.reject(this.#failure)
    const timeoutMs = options.timeoutMs ?? this.timeoutMs
    return new Promise<MethodResult<T, K>>((resolve, reject) => {
      const pending: Pending = { reject: (error) => finish(() => reject(error)) }
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => pending.reject(new ShardwireError('RPC_TIMEOUT', `${this.peer} did not answer ${method}() within ${timeoutMs} ms`)), timeoutMs)
        : null
      const finish = (settle: () => void): void => {
        if (!this.#pending.delete(pending)) return
        if (timer !== null) clearTimeout(timer)
        settle()
      }
      this.#pending.add(pending)
      const remote = this.#remote as unknown as Record<string, (...args: unknown[]) => Promise<MethodResult<T, K>>>
      remote[method]!(...(args as unknown[])).then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(this.#rebuild(method, error))),
      )
    })
  }

  /** Rejects every pending call, and every later one, with `error`. Idempotent: the first failure wins. */
  fail(error: ShardwireError): void {
    if (this.#failure !== null) return
    this.#failure = error
    for (const pending of [...this.#pending]) pending.reject(error)
  }

  /** Stops calling: pending calls reject with `WORKER_DIED` and the port closes. */
  close(): void {
    this.fail(new ShardwireError('WORKER_DIED', `The bridge to ${this.peer} was closed`))
    this.#port.close()
  }

  #rebuild(method: string, error: unknown): ShardwireError {
    if (isErrorData(error)) return fromErrorData(error)
    // Only comlink itself throws anything else (an API without `method`).
    const message = error instanceof Error ? error.message : String(error)
    return new ShardwireError('RPC_REMOTE_ERROR', `${this.peer} failed ${method}(): ${message}`, { cause: error })
  }
}
