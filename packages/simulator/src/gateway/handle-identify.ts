import type { IdentifyOutcome } from '../records/record-types.js'
import { checkIdentify } from '../rules/identify-payload.js'
import { identifyBucket } from '../rules/identify-bucket.js'
import type { GatewayConnection } from './gateway-connection.js'
import { buildReadyData } from './ready-payload.js'

/**
 * Op 2. In Discord's order: already authenticated (4005), shape and token and shard and
 * intents (`checkIdentify`), guilds per shard (4011), session start budget (4004, Discord
 * resets the token when it runs out), identify concurrency (op 9). Then READY and one
 * GUILD_CREATE per guild the shard owns.
 */
export function handleIdentify(connection: GatewayConnection, d: unknown): void {
  const { ctx } = connection
  const { options, recorder } = ctx
  const now = connection.now()
  const record = (shard: readonly [number, number] | null, outcome: IdentifyOutcome, sessionId: string | null = null): void =>
    recorder.identify({
      at: now,
      connectionId: connection.connectionId,
      shard,
      bucket: shard === null ? null : identifyBucket(shard[0], options.maxConcurrency),
      outcome,
      sessionId,
    })

  if (connection.state.kind === 'live') {
    record(connection.state.session.shard, 'rejected')
    return connection.violate('already-authenticated', 'identify on a connection that already has a session')
  }
  const check = checkIdentify(d, { token: options.token, enabledPrivilegedIntents: options.enabledPrivilegedIntents })
  if (!check.ok) {
    record(shardOf(d), 'rejected')
    return connection.violate(check.violation, check.detail)
  }
  const { identify } = check
  const [shardId, shardCount] = identify.shard
  const owned = ctx.guilds.owned(shardId, shardCount)
  if (owned.length > options.maxGuildsPerShard) {
    record(identify.shard, 'rejected')
    return connection.violate('sharding-required', `shard ${shardId} would hold ${owned.length} guilds`)
  }
  if (ctx.budget.snapshot(now).remaining === 0) {
    record(identify.shard, 'budget-exhausted')
    return connection.violate('session-start-limit', 'no session starts left')
  }
  const grant = ctx.limiter.tryAcquire(shardId, now)
  if (!grant.granted) {
    record(identify.shard, 'rate-limited')
    return connection.violate('identify-concurrency', `bucket ${grant.bucket} is spent for ${grant.retryAfterMs} more ms`)
  }
  ctx.budget.tryConsume(now)

  const sessionId = ctx.sessions.nextId()
  const sessionRecord = { sessionId, shard: identify.shard, createdAt: now, dispatches: [], droppedDispatches: 0, resumes: 0, endedAt: null, endReason: null }
  recorder.sessionStarted(sessionRecord)
  const session = ctx.sessions.create(
    {
      id: sessionId,
      shard: identify.shard,
      intents: identify.intents,
      largeThreshold: identify.largeThreshold,
      createdAt: now,
      replayLimit: options.replayLimit,
      dispatchRecordLimit: options.dispatchRecordLimit,
      record: sessionRecord,
      onDispatch: ctx.onDispatch,
    },
    connection,
  )
  connection.becomeLive(session)
  // Payload compression is JSON-only and never combined with transport compression.
  connection.writer.payloadCompression = identify.compress && connection.record.query?.compression === null && connection.encoding.name === 'json'
  record(identify.shard, 'ready', sessionId)
  session.dispatch(
    'READY',
    buildReadyData({
      version: connection.record.query?.version ?? 10,
      bot: ctx.bot,
      guilds: owned,
      sessionId,
      resumeGatewayUrl: ctx.resumeGatewayUrl(),
      shard: identify.shard,
    }),
  )
  ctx.emitReady({ connectionId: connection.connectionId, sessionId, shard: identify.shard })
  for (const guild of owned) session.dispatch('GUILD_CREATE', ctx.guilds.guildCreate(guild, identify.largeThreshold))
}

// The shard of a rejected identify, when the payload got that far, for the records.
function shardOf(d: unknown): readonly [number, number] | null {
  const shard = (d as { shard?: unknown } | null)?.shard
  return Array.isArray(shard) && shard.length === 2 && shard.every((n) => Number.isSafeInteger(n) && n >= 0)
    ? (shard as [number, number])
    : null
}
