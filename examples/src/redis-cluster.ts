// A cluster of bot processes sharing one bot's shards through Redis. Run this file once per
// process, on one machine or many, all pointing at the same Redis with the same key prefix: each
// process claims a fair share of the shards through leases, every identify goes through one
// shared queue (Discord's max_concurrency holds across processes), and sessions live in Redis,
// so when a process stops or dies, the others claim its shards and RESUME them.
//
//   REDIS_URL=redis://127.0.0.1:6379/0 DISCORD_TOKEN=… node --conditions=shardwire-source --import tsx examples/src/redis-cluster.ts
//
// Without DISCORD_TOKEN it starts a simulator and forks the second process itself, so that one
// command shows two processes sharing 8 shards: add `--duration 10` to stop on its own.
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { GatewayIntentBits } from 'discord-api-types/v10'
import { ShardManager } from '@shardwire/manager'
import { clearRedisState, redisCluster } from '@shardwire/redis'
import { openTarget, usesSimulator } from './target.js'
import { untilStopped } from './run-until-stopped.js'

const target = await openTarget({ shards: 8 })
const redis = {
  url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0',
  // One prefix per bot: every process of this bot uses the same one. A simulated run gets its own.
  keyPrefix: process.env['REDIS_PREFIX'] ?? (target.simulator === null ? 'my-bot:' : `shardwire-example-${target.simulator.port}:`),
}
// How this process signs its lines: 'a' and 'b' in the one-command demo, the pid otherwise.
const name = process.env['SHARDWIRE_EXAMPLE_MEMBER'] ?? (target.simulator !== null ? 'a' : `pid ${process.pid}`)

// This process started the simulator: start the second bot process against it.
let second: ChildProcess | null = null
if (target.simulator !== null) {
  second = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
    execArgv: process.execArgv,
    env: { ...process.env, SHARDWIRE_EXAMPLE_API_BASE: target.apiBase, SHARDWIRE_EXAMPLE_MEMBER: 'b', REDIS_PREFIX: redis.keyPrefix },
  })
}

const manager = new ShardManager({
  token: target.token,
  intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
  apiBase: target.apiBase,
  shardCount: 8,
  shardsPerWorker: 4,
  // Replaces buildIdentifyQueue and sessionStore: the cluster brings shared ones.
  cluster: redisCluster(!usesSimulator() ? redis : {
    ...redis,
    // Simulated runs only: a fresh key prefix has no process running shards, so skip the safety
    // wait for forgotten leases, and shorten the leases so that a few seconds show hand-overs.
    // Against Discord keep the defaults (15 s leases, cold-start cooldown on).
    coldStartCooldown: false,
    leaseMs: 3000,
    renewIntervalMs: 1000,
    safetyMarginMs: 1000,
  }),
})
manager.on('shardReady', ({ shardId }) => console.log(`[${name}] READY shard ${shardId}`))
manager.on('shardResumed', ({ shardId, replayed }) => console.log(`[${name}] RESUMED shard ${shardId} (${replayed} replayed)`))
manager.on('error', (error, shardId) => console.error(`[${name}] error ${error.code} on shard ${shardId ?? 'none'}: ${error.message}`))

// Resolves once this process has taken part in one claiming round; it claims its fair share
// over the next lease renewals, taking shards over from the others by resumable hand-overs.
await manager.connect()
console.log(`[${name}] joined the cluster`)

const reason = await untilStopped()
const owned = (await manager.fetchStatus()).shards.map(({ shardId }) => shardId)
console.log(`[${name}] running shards ${owned.join(', ')}`)
// Leaving with resume: the other processes claim this one's shards and resume them; when it is
// the last, the sessions stay saved in Redis for the next start (a rolling deploy).
await manager.destroy({ resume: true })
console.log(`[${name}] stopped (${reason})`)

if (second !== null) {
  if (second.exitCode === null) await once(second, 'exit')
  await target.close()
  await clearRedisState(redis)
}
