// The proof of faithfulness: @discordjs/ws, an independent client, runs against the simulator
// with JSON + zlib-stream (node:zlib), 4 shards and max_concurrency 2. It keeps its own identify
// throttler (5 s per bucket), so the simulator keeps Discord's window, less 50 ms for the gap
// between the client's timer and the moment the identify reaches the server.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { CompressionMethod, WebSocketManager, type SessionInfo, type WebSocketManagerOptions } from '@discordjs/ws'
import { shardForGuild, startSimulator, type GatewaySimulator, type SessionRecord } from '../src/index.js'
import { sleep } from './raw-client.js'

const token = 'djs-token'
const shardCount = 4
let sim: GatewaySimulator
let manager: WebSocketManager
const received = new Map<number, Array<{ s: number; t: string; guildId?: string }>>()
const errors: Array<{ shardId: number; message: string }> = []
const resumedShards: number[] = []
const sessions = new Map<number, SessionInfo>()

/** Resolves when `check` holds, polling on the event loop; gives up after 15 s so a hang fails. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 15_000) throw new Error(`gave up waiting for ${check.toString()}`)
    await sleep(20)
  }
}

// What the client saw of its current session: everything from the last READY on.
const seenThisSession = (shardId: number) => {
  const seen = received.get(shardId) ?? []
  return seen.slice(seen.findLastIndex((d) => d.t === 'READY'))
}

// Everything a shard's current session sent, compared with what the client saw from the
// session's READY on: each sequence exactly once, in order. Waits for the client to catch
// up first (it inflates asynchronously), so a missing event fails on the test's timeout and
// a duplicate or reordered one fails the comparison.
async function assertExactlyOnce(shardId: number): Promise<SessionRecord> {
  await until(() => sessions.has(shardId))
  const sessionId = sessions.get(shardId)!.sessionId
  const record = sim.records.session(sessionId)
  assert.ok(record)
  await until(() => seenThisSession(shardId).length >= record.dispatches.length)
  assert.deepEqual(
    seenThisSession(shardId).map(({ s, t }) => ({ s, t })),
    record.dispatches,
  )
  return record
}

before(async () => {
  sim = await startSimulator({
    token,
    shards: shardCount,
    maxConcurrency: 2,
    identifyWindowMs: 4950,
    heartbeatIntervalMs: 1000,
    heartbeatTimeoutMs: 5000,
    guilds: 8,
    seed: 7,
  })
  const rest = {
    get: async (route: string) => {
      const response = await fetch(`${sim.restUrl}${route}`, { headers: { authorization: `Bot ${token}` } })
      assert.equal(response.status, 200)
      return response.json()
    },
  } as unknown as WebSocketManagerOptions['rest']
  manager = new WebSocketManager({
    token,
    intents: 1 | (1 << 9),
    rest,
    compression: CompressionMethod.ZlibNative,
    // Per-manager session store: the default one is a process-wide singleton.
    retrieveSessionInfo: (shardId) => sessions.get(shardId) ?? null,
    updateSessionInfo: (shardId, info) => void (info === null ? sessions.delete(shardId) : sessions.set(shardId, info)),
  })
  manager.on('dispatch', (payload, shardId) => {
    const list = received.get(shardId) ?? []
    list.push({ s: payload.s, t: payload.t })
    if (payload.t === 'GUILD_CREATE') list.at(-1)!.guildId = payload.d.id
    received.set(shardId, list)
  })
  manager.on('resumed', (shardId) => void resumedShards.push(shardId))
  manager.on('error', (error, shardId) => void errors.push({ shardId, message: error.message }))
  await manager.connect()
})

after(async () => {
  await manager.destroy()
  await sim.close()
})

describe('@discordjs/ws against the simulator (JSON, zlib-stream, 4 shards, max_concurrency 2)', () => {
  test('all shards reach READY, with their guilds routed by (guild_id >> 22) % num_shards', async () => {
    assert.equal(sim.records.identifies.length, shardCount)
    assert.ok(sim.records.identifies.every((r) => r.outcome === 'ready'))
    for (let shardId = 0; shardId < shardCount; shardId++) {
      // connect() resolves on READY; the GUILD_CREATEs right behind it may still be inflating.
      await until(() => (received.get(shardId) ?? []).length === 3)
      const guildIds = (received.get(shardId) ?? []).filter((d) => d.t === 'GUILD_CREATE').map((d) => d.guildId)
      assert.equal(guildIds.length, 2, `shard ${shardId} got its two guilds`)
      for (const id of guildIds) assert.equal(shardForGuild(id!, shardCount), shardId)
      await assertExactlyOnce(shardId)
    }
    assert.ok(sim.records.connections.every((c) => c.query?.compression === 'zlib-stream'))
    assert.equal(sim.records.violations.length, 0)
  })

  test('identify timestamps respect the shard_id % max_concurrency buckets', () => {
    const byBucket = new Map<number, number[]>()
    for (const r of sim.records.identifies) byBucket.set(r.bucket!, [...(byBucket.get(r.bucket!) ?? []), r.at])
    assert.deepEqual([...byBucket.keys()].sort(), [0, 1])
    for (const times of byBucket.values()) {
      assert.equal(times.length, 2)
      assert.ok(times[1]! - times[0]! >= 4950, `same-bucket identifies ${times[1]! - times[0]!} ms apart`)
    }
    // Buckets start in parallel: shards 0 and 1 identify together, before 2 and 3.
    const at = (shard: number): number => sim.records.identifies.find((r) => r.shard?.[0] === shard)!.at
    assert.ok(Math.abs(at(0) - at(1)) < 1000)
    assert.ok(at(2) - at(0) >= 4950 && at(3) - at(1) >= 4950)
    assert.equal(sim.sessionStartLimit().remaining, 1000 - shardCount)
  })

  test('a dropped socket leads to a RESUME on the resume URL, with the missed events replayed', async () => {
    const resumesBefore = sim.records.resumes.length
    const closed = new Promise<void>((resolve) => sim.once('close', () => resolve()))
    assert.equal(sim.faults.drop({ shard: 1 }), 1)
    await closed
    // Sent while the client is away: the session buffers them for the resume.
    for (let i = 0; i < 5; i++) sim.dispatch('MESSAGE_CREATE', { id: String(i), content: `missed ${i}` }, { shard: 1 })
    await until(() => resumedShards.includes(1))
    const resume = sim.records.resumes[resumesBefore]
    assert.equal(resume?.outcome, 'resumed')
    assert.equal(resume?.onResumeUrl, true)
    assert.equal(resume?.replayed, 5)
    assert.equal(resume?.sessionId, sessions.get(1)?.sessionId)
    const record = await assertExactlyOnce(1)
    assert.equal(record.dispatches.at(-1)?.t, 'RESUMED')
    assert.equal(record.resumes, 1)
    // Live traffic keeps flowing after the resume.
    sim.load.emit(10, { shard: 1 })
    await assertExactlyOnce(1)
  })

  test('op 7 makes the client close and resume', async () => {
    const before = resumedShards.length
    assert.equal(sim.faults.reconnect({ shard: 2 }), 1)
    await until(() => resumedShards.length > before)
    assert.equal(resumedShards.at(-1), 2)
    const resume = sim.records.resumes.at(-1)
    assert.equal(resume?.outcome, 'resumed')
    assert.equal(resume?.onResumeUrl, true)
    // discord.js closes the old socket itself with a non-1000 code, keeping the session.
    const old = sim.records.connections.find((c) => c.shard?.[0] === 2 && c.closedBy === 'client')
    assert.ok(old && old.closeCode !== 1000 && old.closeCode !== 1001)
    await assertExactlyOnce(2)
  })

  test('op 9 d: true leads to a resume of the same session', async () => {
    const sessionId = sessions.get(3)?.sessionId
    const before = resumedShards.length
    assert.equal(sim.faults.invalidSession(true, { shard: 3 }), 1)
    await until(() => resumedShards.length > before)
    assert.equal(sim.records.resumes.at(-1)?.sessionId, sessionId)
    assert.equal(sessions.get(3)?.sessionId, sessionId)
    await assertExactlyOnce(3)
  })

  test('op 9 d: false leads to a new identify and a new session', async () => {
    const oldSession = sessions.get(0)?.sessionId
    const identifies = sim.records.identifies.length
    assert.equal(sim.faults.invalidSession(false, { shard: 0 }), 1)
    await until(() => sim.records.identifies.length > identifies && sessions.get(0)?.sessionId !== oldSession && sessions.has(0))
    const identify = sim.records.identifies.at(-1)
    assert.equal(identify?.shard?.[0], 0)
    assert.equal(identify?.outcome, 'ready')
    assert.equal(sim.records.session(oldSession!)?.endReason, 'invalid session')
    const record = await assertExactlyOnce(0)
    assert.deepEqual(
      record.dispatches.map((d) => d.t),
      ['READY', 'GUILD_CREATE', 'GUILD_CREATE'],
    )
  })

  test('a fatal close (4004) stops that client: no reconnect, an error surfaced', async () => {
    const connections = sim.records.connections.length
    assert.equal(sim.faults.close(4004, { shard: 3 }), 1)
    await until(() => errors.some((e) => e.shardId === 3))
    assert.equal(errors.find((e) => e.shardId === 3)?.message, 'Authentication failed')
    await sleep(1500)
    assert.equal(sim.records.connections.length, connections, 'no new connection after a fatal close')
    // The other shards are unaffected.
    const open = sim.records.connections.filter((c) => c.closedAt === null).map((c) => c.shard?.[0])
    assert.deepEqual(open.sort(), [0, 1, 2])
    assert.equal(sim.records.violations.length, 0)
  })
})
