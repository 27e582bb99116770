// A basic bot: one ShardManager, dispatches on the main thread, a presence update on each shard.
//
//   node --conditions=shardwire-source --import tsx examples/src/basic-bot.ts [--duration 5]
//
// Without DISCORD_TOKEN (or with SHARDWIRE_EXAMPLE_SIMULATOR=1) it runs against a local simulator.
import { GatewayIntentBits, GatewayOpcodes, PresenceUpdateStatus, ActivityType } from 'discord-api-types/v10'
import { ShardManager } from '@shardwire/manager'
import { openTarget } from './target.js'
import { untilStopped } from './run-until-stopped.js'

const target = await openTarget({ shards: 2 })

const manager = new ShardManager({
  token: target.token,
  intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
  apiBase: target.apiBase,
  // No shardCount: the manager uses GET /gateway/bot's recommendation (2 from this simulator).
  shardsPerWorker: 16,
})

manager.on('shardReady', ({ shardId, workerId }) => console.log(`READY shard ${shardId} (worker ${workerId})`))
manager.on('shardResumed', ({ shardId, replayed }) => console.log(`RESUMED shard ${shardId} (${replayed} replayed)`))
manager.on('error', (error, shardId) => console.error(`error ${error.code} on shard ${shardId ?? 'none'}: ${error.message}`))

// Only the dispatch names you listen to leave the workers; each arrives typed.
let messages = 0
manager.on('MESSAGE_CREATE', (message, shardId) => {
  messages++
  if (messages <= 3) console.log(`MESSAGE_CREATE ${message.id} in channel ${message.channel_id} on shard ${shardId}`)
})

await manager.connect()
console.log(`connected: ${manager.shardCount} shards`)

// The gateway has no "send a message" (that is REST); what a bot sends on a shard is a presence
// update, a voice state update or a member request. Each shard carries its own presence.
const { shards } = await manager.fetchStatus()
for (const { shardId } of shards) {
  await manager.send(shardId, {
    op: GatewayOpcodes.PresenceUpdate,
    d: { since: null, activities: [{ name: `shard ${shardId}`, type: ActivityType.Watching }], status: PresenceUpdateStatus.Online, afk: false },
  })
}
console.log('presence set on every shard')

const reason = await untilStopped()
await manager.destroy()
await target.close()
console.log(`stopped (${reason}) after ${messages} MESSAGE_CREATE`)
