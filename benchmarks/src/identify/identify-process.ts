// One bot process of `pnpm bench:identify`: a ShardManager whose identifies go through a shared
// RedisIdentifyQueue. Connects to Redis, says `waiting`, starts on `go`, reports each READY's time.
import { ShardManager } from '@shardwire/manager'
import { RedisIdentifyQueue } from '@shardwire/redis'
import type { IdentifyProcessCommand, IdentifyProcessOptions, IdentifyProcessReport } from './identify-protocol.js'

const options = JSON.parse(process.argv[2]!) as IdentifyProcessOptions
const send = (report: IdentifyProcessReport): void => {
  if (process.connected) process.send!(report)
}

// Every process connects before any starts, so nothing identified before the queue state existed.
const queue = await RedisIdentifyQueue.connect({
  url: options.redisUrl, keyPrefix: options.keyPrefix, maxConcurrency: options.maxConcurrency, windowMs: options.queueWindowMs, coldStartCooldown: false,
})
const manager = new ShardManager({
  token: options.token,
  intents: 1,
  apiBase: options.restUrl,
  shardCount: options.shardCount,
  shardIds: options.shardIds,
  shardsPerWorker: options.shardsPerWorker,
  buildIdentifyQueue: () => queue,
})
queue.on('granted', ({ shardId, grantedAt }) => send({ type: 'granted', shardId, at: grantedAt }))
manager.on('shardReady', ({ shardId }) => send({ type: 'ready', shardId, at: Date.now() }))
manager.on('error', (error, shardId) => send({ type: 'error', message: `shard ${String(shardId)}: ${error.code}` }))

process.on('message', (command: IdentifyProcessCommand) => {
  if (command.type === 'go') {
    manager.connect().then(
      () => send({ type: 'connected', at: Date.now() }),
      (error: { code?: string }) => send({ type: 'error', message: `connect: ${error.code ?? String(error)}` }),
    )
  } else {
    void manager.destroy().then(() => queue.close()).then(() => process.disconnect())
  }
})
send({ type: 'waiting' })
