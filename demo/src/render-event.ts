import type { DemoEvent } from './demo-event.js'
import { describeFault } from './fault-script.js'
import { formatIds, formatSeconds, formatStamp } from './format.js'

/** One notable event as a line, stamped with the time since the start. */
export function renderEvent(event: DemoEvent): string {
  return `${formatStamp(event.atMs)} ${describeEvent(event)}`
}

function describeEvent(event: DemoEvent): string {
  switch (event.kind) {
    case 'shard-ready':
      return `READY    shard ${event.shardId} (worker ${event.workerId}): new session`
    case 'shard-resumed':
      return `RESUMED  shard ${event.shardId} (worker ${event.workerId}): ${event.replayed} events replayed`
    case 'shard-close':
      return `CLOSE    shard ${event.shardId}: code ${event.code}${event.reconnect ? ', reconnecting' : ', stopped'}`
    case 'all-ready':
      return `all ${event.shards} shards ready in ${formatSeconds(event.atMs)}`
    case 'worker-start':
      return `worker ${event.workerId} ${event.restart ? 'restarted' : 'started'} (shards ${formatIds(event.shardIds)})`
    case 'worker-exit':
      return `worker ${event.workerId} exited with code ${event.exitCode}${event.expected ? '' : ', unexpectedly'}`
    case 'worker-restart':
      return `worker ${event.workerId} restarts in ${Math.round(event.delayMs)} ms (attempt ${event.attempt + 1}); its shards will resume`
    case 'fault-injected':
      return `FAULT    ${describeFault(event.fault)}${event.hit ? '' : ': hit no connection'}`
    case 'fault-recovered':
      return `RECOVERED from ${describeFault(event.fault)} in ${formatSeconds(event.afterMs)}`
    case 'error':
      return `error    ${event.code}${event.shardId === null ? '' : ` (shard ${event.shardId})`}: ${event.message}`
    case 'note':
      return event.text
  }
}
