// A graceful restart that resumes: the old manager stops with `destroy({ resume: true })`, which
// leaves the sessions open on Discord's side and saves them; the new manager, given the same
// session store, RESUMEs them: no new identify, no session start spent, and the events that
// arrived in between are replayed.
//
//   node --conditions=shardwire-source --import tsx examples/src/graceful-restart.ts [--duration 6]
//
// In production the two generations are two processes (a deploy): the old one calls
// `destroy({ resume: true })` on SIGTERM, the new one starts with the same FileSessionStore (or
// RedisSessionStore). Here both run in one process, so that the simulator outlives the first.
// Discord keeps an unattached session resumable for a few minutes only.
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GatewayIntentBits } from 'discord-api-types/v10'
import { ShardManager } from '@shardwire/manager'
import { FileSessionStore } from './file-session-store.js'
import { durationFromArgs, untilStopped } from './run-until-stopped.js'
import { openTarget, type Target } from './target.js'

const target = await openTarget({ shards: 2, eventsPerSecond: 20 })
const sessionsPath = join(tmpdir(), `shardwire-example-sessions-${process.pid}.json`)
const duration = durationFromArgs()

function startManager(generation: string, target: Target, sessions: FileSessionStore): ShardManager {
  const manager = new ShardManager({
    token: target.token,
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages,
    apiBase: target.apiBase,
    // Read when each shard starts: a saved session for the same shard count is resumed.
    sessionStore: sessions,
  })
  manager.on('shardReady', ({ shardId }) => console.log(`[${generation}] READY shard ${shardId} (new session)`))
  manager.on('shardResumed', ({ shardId, replayed }) => console.log(`[${generation}] RESUMED shard ${shardId} (${replayed} events replayed)`))
  manager.on('error', (error, shardId) => console.error(`[${generation}] error ${error.code} on shard ${shardId ?? 'none'}: ${error.message}`))
  return manager
}

// Generation 1: runs, then stops as a deploy would stop it (SIGTERM).
const oldSessions = new FileSessionStore(sessionsPath)
const first = startManager('old', target, oldSessions)
await first.connect()
if (duration === null) console.log('[old] running: Ctrl+C restarts it, Ctrl+C again stops')
await untilStopped(duration === null ? null : duration / 2)
await first.destroy({ resume: true })
// The sessions must be on disk before the old process exits.
await oldSessions.flush()
console.log(`[old] stopped with resume: ${oldSessions.size} sessions saved to ${sessionsPath}`)

// Generation 2: a new store reading the same file, as a new process would, so every shard resumes.
const second = startManager('new', target, new FileSessionStore(sessionsPath))
await second.connect()
const reason = await untilStopped(duration === null ? null : duration / 2)

// A plain destroy() ends the sessions (close code 1000): nothing is left to resume.
await second.destroy()
await target.close()
await rm(sessionsPath, { force: true })
console.log(`stopped (${reason})`)
