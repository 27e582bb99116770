// Handlers in workers: the events are handled inside the worker threads that run the shards.
// The main thread only starts, supervises and stops the manager.
//
//   node --conditions=shardwire-source --import tsx examples/src/handlers-in-workers.ts [--duration 5]
//
// Pick this when one main thread cannot keep up with your event rate; keep `manager.on` (see
// basic-bot.ts) when it can: it is simpler, and handlers in workers cannot share memory.
import { GatewayIntentBits } from 'discord-api-types/v10'
import { ShardManager } from '@shardwire/manager'
import { openTarget } from './target.js'
import { untilStopped } from './run-until-stopped.js'

const target = await openTarget({ shards: 4, eventsPerSecond: 20 })

const manager = new ShardManager({
  token: target.token,
  intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
  apiBase: target.apiBase,
  shardsPerWorker: 2,
  // An absolute file URL (or path). Each worker imports it at startup; with the `shardwire-source`
  // condition and tsx, a .ts module works as it is.
  workerModule: new URL('./handlers-in-workers.handlers.ts', import.meta.url),
})

manager.on('workerStart', ({ workerId, shardIds }) => console.log(`worker ${workerId} started with shards ${shardIds.join(', ')}`))
// A handler that throws is reported here as HANDLER_FAILED; the other events carry on.
manager.on('error', (error, shardId) => console.error(`error ${error.code} on shard ${shardId ?? 'none'}: ${error.message}`))

await manager.connect()
console.log(`connected: ${manager.shardCount} shards in 2 workers`)

const reason = await untilStopped()
// Dispatches each worker's shards received, whether forwarded to the main thread or not.
const status = await manager.fetchStatus()
for (const worker of status.workers) {
  console.log(`worker ${worker.workerId}: ${worker.dispatches?.['MESSAGE_CREATE'] ?? 0} MESSAGE_CREATE handled in the worker, ${worker.delivery?.forwarded ?? 0} events forwarded to the main thread`)
}
await manager.destroy()
await target.close()
console.log(`stopped (${reason})`)
