import { ShardwireError } from '../errors.js'
import type { IdentifyQueue } from './identify-queue.js'

/**
 * Asks `queue` for shard `shardId`'s identify permit and reports the outcome once, unless the
 * returned controller is aborted first (which also withdraws the request). An implementation
 * that fails with a foreign error is reported as `IDENTIFY_FAILED`.
 */
export function requestIdentify(
  queue: IdentifyQueue,
  shardId: number,
  timeoutMs: number,
  report: (outcome: { granted: true } | { granted: false; error: ShardwireError }) => void,
): AbortController {
  const controller = new AbortController()
  const { signal } = controller
  // Wrapped so that an implementation throwing synchronously is reported like a rejection.
  new Promise<void>((resolve) => resolve(queue.waitForIdentify(shardId, { signal, timeoutMs }))).then(
    () => {
      if (!signal.aborted) report({ granted: true })
    },
    (error: unknown) => {
      if (signal.aborted) return
      report({
        granted: false,
        error: error instanceof ShardwireError ? error : new ShardwireError('IDENTIFY_FAILED', `The identify queue failed for shard ${shardId}`, { cause: error }),
      })
    },
  )
  return controller
}
