import { ShardwireError } from '../errors.js'
import type { IdentifyQueue } from './identify-queue.js'

// Node fires longer timers after 1 ms.
const maxTimerMs = 2 ** 31 - 1

/**
 * Asks `queue` for shard `shardId`'s identify permit and reports the outcome once, unless the
 * returned controller is aborted first (which also withdraws the request). An implementation
 * that fails with a foreign error is reported as `IDENTIFY_FAILED`. The wait is bounded here
 * too: an implementation that ignores `timeoutMs` is withdrawn a little after it and reported
 * as `IDENTIFY_TIMEOUT`, so that no queue can stall a shard for good.
 */
export function requestIdentify(
  queue: IdentifyQueue,
  shardId: number,
  timeoutMs: number,
  report: (outcome: { granted: true } | { granted: false; error: ShardwireError }) => void,
): AbortController {
  const controller = new AbortController()
  const { signal } = controller
  // The grace lets the queue's own rejection (which may say more) arrive first.
  const guard = setTimeout(() => {
    controller.abort()
    report({ granted: false, error: new ShardwireError('IDENTIFY_TIMEOUT', `The identify queue did not answer shard ${shardId} within ${timeoutMs} ms`) })
  }, Math.min(timeoutMs + Math.min(1000, timeoutMs), maxTimerMs))
  guard.unref()
  signal.addEventListener('abort', () => clearTimeout(guard), { once: true })
  // Wrapped so that an implementation throwing synchronously is reported like a rejection.
  new Promise<void>((resolve) => resolve(queue.waitForIdentify(shardId, { signal, timeoutMs }))).then(
    () => {
      clearTimeout(guard)
      if (!signal.aborted) report({ granted: true })
    },
    (error: unknown) => {
      clearTimeout(guard)
      if (signal.aborted) return
      report({
        granted: false,
        error: error instanceof ShardwireError ? error : new ShardwireError('IDENTIFY_FAILED', `The identify queue failed for shard ${shardId}`, { cause: error }),
      })
    },
  )
  return controller
}

/**
 * Tells `queue` that shard `shardId` wrote its IDENTIFY (see `IdentifyQueue.identifySent`).
 * Best effort: a queue that throws or rejects here has still bounded the window from its grant.
 */
export function reportIdentifySent(queue: IdentifyQueue, shardId: number): void {
  if (queue.identifySent === undefined) return
  try {
    const reported = queue.identifySent(shardId)
    if (reported instanceof Promise) reported.catch(() => {})
  } catch {
    // See above: the grant's own window still holds.
  }
}
