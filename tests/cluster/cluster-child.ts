// One process of a multi-process bot: a ShardManager with workers, its identifies through
// RedisIdentifyQueue and its sessions in RedisSessionStore. Driven by cluster-process.ts over IPC,
// so that a test can SIGKILL it. Not a test file itself.
import type { IdentifyQueue } from '@shardwire/core'
import { ShardManager } from '@shardwire/manager'
import { RedisIdentifyQueue, RedisSessionStore, redisCluster } from '@shardwire/redis'
import { shardOptions } from '../workers/manager-harness.js'
import { simToken } from '../shard/sim-harness.js'
import type { ChildCommand, ChildReport, ClusterChildOptions, DeliveredDispatch } from './cluster-process.js'

const options = JSON.parse(process.env['SHARDWIRE_CLUSTER_CHILD']!) as ClusterChildOptions
const send = (report: ChildReport): void => {
  if (process.connected) process.send!(report)
}

const connection = { url: options.redisUrl, keyPrefix: options.keyPrefix, connectTimeoutMs: 3000, ...(options.redisBackoff === undefined ? {} : { backoff: options.redisBackoff }) }
// Every process starts together after the parent's go, so nothing identified before the queue existed.
const queue = await RedisIdentifyQueue.connect({ ...connection, maxConcurrency: options.maxConcurrency, windowMs: options.queueWindowMs, coldStartCooldown: false })
// RedisSessionStore already has the manager's SessionStore shape (retrieve/update by shard id).
const store = await RedisSessionStore.connect({ ...connection, resumeWindowMs: 60_000, flushIntervalMs: options.sessionFlushMs })

// What this process finds saved before it starts: the sessions its shards are about to resume.
const sessions = new Map<number, string>()
for (const shardId of options.cluster === undefined ? options.shardIds : []) {
  const saved = await store.retrieve(shardId)
  if (saved !== null) sessions.set(shardId, saved.sessionId)
  send({ type: 'saved', shardId, sessionId: saved?.sessionId ?? null, sequence: saved?.sequence ?? null })
}

// The start line: with `startGate`, identify requests wait here until the parent's `race`, so the
// processes race for buckets once every shard is at HELLO, not while their workers still boot.
const gated: (() => void)[] = []
let raceStarted = !options.startGate
const gate: IdentifyQueue = {
  waitForIdentify: async (shardId, waitOptions) => {
    if (!raceStarted) {
      const atLine = new Promise<void>((resolve) => gated.push(resolve))
      send({ type: 'atStartLine', shardId })
      await atLine
    }
    return queue.waitForIdentify(shardId, waitOptions)
  },
}

const common = {
  token: simToken,
  intents: 1 | 2 | 256 | 512 | 2048,
  compression: 'zlib-stream',
  apiBase: options.restUrl,
  shardCount: options.shardCount,
  shardsPerWorker: options.shardsPerWorker,
  shardOptions,
} as const
const manager = options.cluster === undefined
  ? new ShardManager({ ...common, shardIds: options.shardIds, buildIdentifyQueue: () => gate, sessionStore: store })
  // The one option of cluster mode: the lease timings are shrunk so that a test sees a failover in seconds.
  : new ShardManager({ ...common, cluster: redisCluster({ ...connection, ...options.cluster, identifyWindowMs: options.queueWindowMs, coldStartCooldown: options.cluster.coldStartCooldown ?? false }) })
manager.on('shardOwnership', ({ shardId, owned, reason }) => {
  send({ type: 'ownership', shardId, owned, reason, at: Date.now() })
  // A claimed shard resumes the session its last owner saved: its replay is tagged with it. The
  // lookup is one Redis round trip, far quicker than the shard's connect, HELLO and RESUME.
  // A failed lookup (Redis down or just back, in the restart test) leaves the tag this process knew, if any.
  if (owned) store.retrieve(shardId).then((saved) => { if (saved !== null) sessions.set(shardId, saved.sessionId) }, () => {})
})
manager.on('debug', ({ message }) => send({ type: 'debug', message, at: Date.now() }))

// Deliveries go to the parent in batches: one IPC message per event would be the bottleneck.
let batch: DeliveredDispatch[] = []
const flushBatch = (): void => {
  if (batch.length === 0) return
  batch = batch.map((dispatch) => dispatch.sessionId === '' ? { ...dispatch, sessionId: sessions.get(dispatch.shardId) ?? '' } : dispatch)
  send({ type: 'dispatches', dispatches: batch })
  batch = []
}
const batchTimer = setInterval(flushBatch, 20)
manager.on('dispatch', (payload, shardId) => {
  if (payload.t === 'READY') sessions.set(shardId, payload.d.session_id)
  batch.push({ shardId, sessionId: sessions.get(shardId) ?? '', s: payload.s, t: payload.t })
})
manager.on('shardReady', ({ shardId, sessionId }) => send({ type: 'ready', shardId, sessionId, at: Date.now() }))
manager.on('shardResumed', ({ shardId }) => send({ type: 'resumed', shardId, at: Date.now() }))
queue.on('granted', ({ shardId, grantedAt }) => send({ type: 'granted', shardId, at: grantedAt }))
manager.on('error', (error, shardId) => send({ type: 'error', shardId, code: error.code, message: error.message }))

async function stop(): Promise<void> {
  clearInterval(batchTimer)
  await manager.destroy({ resume: true })
  flushBatch()
  await store.close()
  await queue.close()
  send({ type: 'stopped' })
  process.disconnect()
}

process.on('message', (command: ChildCommand) => {
  if (command.type === 'go') {
    manager.connect().then(
      () => send({ type: 'connected', at: Date.now() }),
      (error: { code?: string; message?: string }) => send({ type: 'error', shardId: null, code: error.code ?? 'UNKNOWN', message: String(error.message) }),
    )
  } else if (command.type === 'race') {
    raceStarted = true
    for (const release of gated.splice(0)) release()
  } else if (command.type === 'sync') {
    flushBatch()
    send({ type: 'synced', id: command.id })
  } else {
    void stop()
  }
})
send({ type: 'waiting' })
