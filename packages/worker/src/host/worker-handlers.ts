import { ShardwireError, type OutgoingPayload } from '@shardwire/core'
import type { DispatchData, DispatchEventName } from '../dispatch-types.js'

/** What a handler running inside a worker can do besides reading its event. */
export interface WorkerHandlerContext {
  /** The worker's id in its manager. */
  readonly workerId: number
  /** Sends a payload on one of this worker's shards (`Shard.send`). */
  send(shardId: number, payload: OutgoingPayload): Promise<void>
}

/**
 * Handlers that run inside every worker, by dispatch name, with the same typed signature as
 * `manager.on`: nothing crosses to the main thread per event, so throughput grows with cores.
 */
export type WorkerHandlers = {
  readonly [K in DispatchEventName]?: (data: DispatchData<K>, shardId: number, context: WorkerHandlerContext) => void | Promise<void>
}

/**
 * Types a handlers module: `export default defineWorkerHandlers({ MESSAGE_CREATE(message, shardId, context) { … } })`.
 * The manager's `workerModule` option names the module; each worker imports it at startup.
 */
export function defineWorkerHandlers(handlers: WorkerHandlers): WorkerHandlers {
  return handlers
}

/**
 * Imports the handlers module at `href` and checks its default export.
 * @throws ShardwireError `WORKER_MODULE_FAILED` when it cannot be imported or exports no handlers
 */
export async function loadWorkerHandlers(href: string): Promise<WorkerHandlers> {
  let module: { default?: unknown }
  try {
    module = await import(href) as { default?: unknown }
  } catch (error) {
    throw new ShardwireError('WORKER_MODULE_FAILED', `The handlers module ${href} could not be loaded: ${error instanceof Error ? error.message : String(error)}`)
  }
  const handlers = module.default
  if (typeof handlers !== 'object' || handlers === null || !Object.values(handlers).every((handler) => typeof handler === 'function')) {
    throw new ShardwireError('WORKER_MODULE_FAILED', `The handlers module ${href} must default-export an object of handler functions (see defineWorkerHandlers)`)
  }
  return handlers as WorkerHandlers
}
