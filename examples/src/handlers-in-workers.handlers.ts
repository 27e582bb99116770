// The handlers module of handlers-in-workers.ts. Each worker thread imports it and runs these
// handlers for its own shards: no event crosses to the main thread for them, so the work spreads
// over every core. Handlers get the same typed data as `manager.on`, exactly once and in order
// per shard. Module-level state is per worker, not shared.
import { threadId } from 'node:worker_threads'
import { GatewayOpcodes, PresenceUpdateStatus } from 'discord-api-types/v10'
import { defineWorkerHandlers } from '@shardwire/manager'

let handled = 0

export default defineWorkerHandlers({
  MESSAGE_CREATE(message, shardId, context) {
    handled++
    // Printing from a worker is fine in an example; a real bot would call REST or a queue here.
    if (handled === 1) console.log(`worker ${context.workerId} (thread ${threadId}) handled its first MESSAGE_CREATE ${message.id} on shard ${shardId}`)
  },
  async READY(ready, shardId, context) {
    // Handlers may be async and may send on their own shard, like `manager.send`.
    await context.send(shardId, { op: GatewayOpcodes.PresenceUpdate, d: { since: null, activities: [], status: PresenceUpdateStatus.Online, afk: false } })
    console.log(`worker ${context.workerId}: shard ${shardId} is ready as ${ready.user.username}, presence set`)
  },
})
