import { ShardwireError, type IdentifyQueue, type IdentifyWaitOptions } from '@shardwire/core'
import type { ManagerApi } from '../bridge/bridge-api.js'
import type { RpcClient } from '../bridge/rpc-client.js'

/** How much longer than the wait itself the bridge call may take before it counts as lost. */
const bridgeMarginMs = 5000

/**
 * An {@link IdentifyQueue} inside a worker that asks the manager's queue for each permit, so
 * that one queue spans every worker. Aborting withdraws the request on the manager's side too.
 */
export class BridgeIdentifyQueue implements IdentifyQueue {
  readonly #manager: Pick<RpcClient<ManagerApi>, 'call'>
  #nextTicket = 0

  constructor(manager: Pick<RpcClient<ManagerApi>, 'call'>) {
    this.#manager = manager
  }

  /** See {@link IdentifyQueue.waitForIdentify}. */
  waitForIdentify(shardId: number, options: IdentifyWaitOptions): Promise<void> {
    const { signal, timeoutMs } = options
    if (signal?.aborted) return Promise.reject(cancelled(shardId, signal))
    const ticket = ++this.#nextTicket
    return new Promise<void>((resolve, reject) => {
      let settled = false
      const settle = (error?: ShardwireError): void => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        if (error === undefined) resolve()
        else reject(error)
      }
      const onAbort = (): void => {
        // Withdrawn at once here; the manager drops the request when the cancel arrives.
        settle(cancelled(shardId, signal!))
        this.#manager.call('cancelIdentify', [ticket]).catch(() => {})
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#manager.call('acquireIdentify', [ticket, shardId, timeoutMs], { timeoutMs: timeoutMs + bridgeMarginMs }).then(
        () => settle(),
        (error: ShardwireError) => settle(error),
      )
    })
  }

  /** See {@link IdentifyQueue.identifySent}: the manager's queue restarts the bucket's window. */
  identifySent(shardId: number): Promise<void> {
    return this.#manager.call('identifySent', [shardId])
  }
}

function cancelled(shardId: number, signal: AbortSignal): ShardwireError {
  return new ShardwireError('IDENTIFY_CANCELLED', `Shard ${shardId} withdrew its identify request`, { cause: signal.reason })
}
