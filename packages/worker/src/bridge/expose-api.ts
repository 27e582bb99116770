import { expose } from 'comlink'
import type { MessagePort } from 'node:worker_threads'
import { toErrorData } from './error-data.js'
import { nodeEndpoint } from './node-endpoint.js'

/**
 * Serves `api` to an {@link RpcClient} on the other end of `port`. Every method's failure
 * crosses as `ErrorData` (comlink would keep only the message), scrubbed by `redact`.
 * Methods are looked up on `api` and its prototypes, so a class instance works.
 */
export function exposeApi<T extends object>(port: MessagePort, api: T, redact?: (text: string) => string): void {
  const served: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (let source: object | null = api; source !== null && source !== Object.prototype; source = Object.getPrototypeOf(source) as object | null) {
    for (const name of Object.getOwnPropertyNames(source)) {
      const method = (api as Record<string, unknown>)[name]
      if (name === 'constructor' || typeof method !== 'function' || name in served) continue
      served[name] = async (...args: unknown[]) => {
        try {
          return await (method as (...args: unknown[]) => unknown).apply(api, args)
        } catch (error) {
          // Thrown as plain data: comlink clones a non-Error throw as it is.
          throw toErrorData(error, redact)
        }
      }
    }
  }
  expose(served, nodeEndpoint(port))
}
