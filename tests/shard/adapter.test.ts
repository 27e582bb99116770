// The Shard adapter end to end against @shardwire/simulator: handshake, heartbeats, sends,
// ping, closing and reconnecting, each checked against the simulator's records.
import assert from 'node:assert/strict'
import { afterEach, describe, test } from 'node:test'
import type { GatewaySimulator } from '@shardwire/simulator'
import { LocalIdentifyQueue, type IdentifyQueue, type Shard } from '@shardwire/core'
import { checkRecords, createShard, quiesce, simToken, startSim, timing, until, watchResumeSequences, type ShardWatch } from './sim-harness.js'

let sim: GatewaySimulator | null = null
const shards: Shard[] = []
afterEach(async () => {
  await Promise.all(shards.splice(0).map((shard) => shard.close().catch(() => {})))
  await sim?.close()
  sim = null
})

async function readyShard(options: Parameters<typeof createShard>[1] = {}): Promise<{ s: GatewaySimulator; watch: ShardWatch }> {
  sim ??= await startSim()
  const watch = createShard(sim, options)
  shards.push(watch.shard)
  await watch.shard.connect()
  return { s: sim, watch }
}

describe('Shard against the simulator', () => {
  test('identifies with the configured properties and reaches ready', async () => {
    const { s, watch } = await readyShard({ options: { identifyProperties: { os: 'test-os' }, largeThreshold: 77 } })
    assert.equal(watch.shard.status, 'ready')
    assert.equal(s.records.identifies.length, 1)
    assert.equal(s.records.identifies[0]!.outcome, 'ready')
    assert.deepEqual(s.records.identifies[0]!.shard, [0, 4])
    const sent = watch.emitted.find((args) => (args as [{ op?: number }])[0]?.op === 2) as [{ d: Record<string, unknown> }]
    assert.deepEqual(sent[0].d['properties'], { os: 'test-os', browser: 'shardwire', device: 'shardwire' })
    assert.equal(sent[0].d['large_threshold'], 77)
    assert.equal(sent[0].d['token'], '[redacted]')
    await quiesce(s, [watch])
    checkRecords(s, [watch], { complete: true })
  })

  test('heartbeat d carries the last sequence; op 1 is answered at once; ping() measures latency', async () => {
    const { s, watch } = await readyShard()
    for (let i = 0; i < 5; i++) s.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: i }, { shard: 0 })
    const expected = s.records.session(watch.currentSession!)!.dispatches.length
    await until(() => watch.lastSequence() === expected, 'the dispatches')
    const connection = s.records.connections.at(-1)!
    const before = connection.heartbeats.length
    // "At once": the heartbeat leaves while op 1 is handled, before any timer could fire.
    let beats = 0
    watch.shard.on('send', (payload) => { if (payload.op === 1) beats++ })
    const answeredAtOnce = new Promise<boolean>((resolve) => watch.shard.on('receive', (payload) => {
      if (payload.op !== 1) return
      const sent = beats
      queueMicrotask(() => resolve(beats === sent + 1))
    }))
    s.faults.requestHeartbeat({ shard: 0 })
    assert.equal(await answeredAtOnce, true, 'op 1 was answered with a heartbeat at once')
    await until(() => connection.heartbeats.length > before, 'the simulator to read the answer to op 1')
    assert.equal(connection.heartbeats.at(-1)!.d, expected)
    const latency = await watch.shard.ping()
    assert.ok(latency >= 0 && latency < 1000)
    assert.equal(watch.shard.latency, latency)
    await until(() => connection.heartbeats.length >= before + 4, 'regular heartbeats')
    await quiesce(s, [watch])
    checkRecords(s, [watch], { complete: true })
  })

  test('send() waits for READY, goes out, and is counted by the simulator', async () => {
    sim = await startSim()
    const watch = createShard(sim)
    shards.push(watch.shard)
    const early = watch.shard.send({ op: 3, d: { since: null, activities: [], status: 'idle', afk: false } })
    await watch.shard.connect()
    await early
    const connection = sim.records.connections.at(-1)!
    await until(() => connection.opsReceived[3] === 1, 'the simulator to read the presence update')
    await assert.rejects(watch.shard.send({ op: 3, d: 'x'.repeat(5000) }), { code: 'PAYLOAD_TOO_LARGE' })
    await quiesce(sim, [watch])
    checkRecords(sim, [watch], { complete: true })
  })

  test('close() ends the session with 1000; the simulator ends it too', async () => {
    const { s, watch } = await readyShard()
    const sessionId = watch.currentSession!
    const pending = assert.rejects(watch.shard.ping(), { code: 'SHARD_NOT_CONNECTED' })
    await watch.shard.close()
    await pending
    assert.equal(watch.shard.status, 'closed')
    await until(() => s.records.session(sessionId)!.endedAt !== null, 'the session to end')
    assert.equal(s.records.connections.at(-1)!.closeCode, 1000)
    await assert.rejects(watch.shard.send({ op: 3, d: null }), { code: 'SHARD_CLOSED' })
    await assert.rejects(watch.shard.ping(), { code: 'SHARD_NOT_CONNECTED' })
  })

  test('close(4900) keeps the session; connect() resumes it on the resume URL', async () => {
    const saved: unknown[] = []
    const { s, watch } = await readyShard({ options: { updateSessionInfo: (_id, info) => void saved.push(info) } })
    const mismatches = watchResumeSequences(s, [watch])
    s.dispatch('TYPING_START', { channel_id: '1' }, { shard: 0 })
    await until(() => watch.lastSequence() === 2, 'a dispatch')
    await watch.shard.close(4900)
    assert.deepEqual(saved.at(-1), { sessionId: watch.currentSession, sequence: 2, resumeUrl: s.resumeGatewayUrl, shardCount: 4 })
    s.dispatch('TYPING_START', { channel_id: '2' }, { shard: 0 })
    await watch.shard.connect()
    assert.equal(s.records.resumes.length, 1)
    assert.equal(s.records.resumes[0]!.outcome, 'resumed')
    assert.equal(s.records.resumes[0]!.seq, 2)
    // At least the event dispatched while closed was missed; `resumed` counts what the simulator replayed.
    assert.ok(s.records.resumes[0]!.replayed >= 1)
    assert.deepEqual(watch.resumed, [s.records.resumes[0]!.replayed], 'resumed reports the replayed count')
    assert.equal(s.records.identifies.length, 1)
    await quiesce(s, [watch])
    checkRecords(s, [watch], { complete: true, resumeMismatches: mismatches })
  })

  test('a shard started from a saved session resumes it; one saved for another shard count is discarded', async () => {
    const { s, watch } = await readyShard()
    const info = { sessionId: watch.currentSession!, sequence: 1, resumeUrl: s.resumeGatewayUrl, shardCount: 4 }
    await watch.shard.close(4900)
    const resumer = createShard(s, { options: { retrieveSessionInfo: () => info } })
    shards.push(resumer.shard)
    await resumer.shard.connect()
    assert.equal(s.records.resumes.at(-1)!.outcome, 'resumed')
    await resumer.shard.close(4900)
    const stale = createShard(s, { options: { retrieveSessionInfo: () => ({ ...info, shardCount: 2 }) } })
    shards.push(stale.shard)
    await stale.shard.connect()
    assert.equal(s.records.resumes.length, 1)
    assert.deepEqual(s.records.identifies.map((identify) => identify.outcome), ['ready', 'ready'], JSON.stringify(s.records.identifies))
  })

  test('reconnect() resumes; reconnect("reidentify") starts a fresh session', async () => {
    const { s, watch } = await readyShard()
    const first = watch.currentSession
    watch.shard.reconnect()
    await until(() => s.records.resumes.length === 1 && watch.shard.status === 'ready', 'the resume')
    assert.equal(watch.currentSession, first)
    watch.shard.reconnect('reidentify')
    await until(() => watch.currentSession !== first && watch.shard.status === 'ready', 'a new session')
    assert.equal(s.records.session(first!)!.endedAt !== null, true)
    await quiesce(s, [watch])
    checkRecords(s, [watch], { complete: true })
  })

  test('the identify queue hears identifySent once per IDENTIFY written, never for a RESUME', async () => {
    sim ??= await startSim()
    const inner = new LocalIdentifyQueue({ maxConcurrency: 1, windowMs: timing.identifyWindowMs + 25 })
    const sent: number[] = []
    const identifyQueue: IdentifyQueue = {
      waitForIdentify: inner.waitForIdentify.bind(inner),
      identifySent: (shardId: number) => {
        // The identify is on its way out by now: the simulator has not yet answered it.
        assert.equal(watch.shard.status, 'identifying')
        sent.push(shardId)
      },
    }
    const watch = createShard(sim, { shardId: 2, identifyQueue })
    shards.push(watch.shard)
    await watch.shard.connect()
    assert.deepEqual(sent, [2])
    watch.shard.reconnect()
    await until(() => sim!.records.resumes.length === 1 && watch.shard.status === 'ready', 'the resume')
    assert.deepEqual(sent, [2])
    watch.shard.reconnect('reidentify')
    await until(() => sim!.records.identifies.length === 2 && watch.shard.status === 'ready', 'the second identify')
    assert.deepEqual(sent, [2, 2])
  })

  test('a fatal close stops the shard: connect() rejects with SHARD_FATAL_CLOSE and it never reconnects', async () => {
    sim = await startSim()
    const watch = createShard(sim, { options: { token: `${simToken}x` } })
    shards.push(watch.shard)
    const error = await watch.shard.connect().then(() => null, (reason: unknown) => reason)
    assert.throws(() => { throw error }, { code: 'SHARD_FATAL_CLOSE', closeCode: 4004 })
    assert.equal(watch.shard.status, 'fatal')
    await new Promise((resolve) => setTimeout(resolve, timing.heartbeatIntervalMs))
    assert.equal(sim.records.connections.length, 1)
  })

  test('disallowed intents (4014) are fatal too', async () => {
    sim = await startSim({ enabledPrivilegedIntents: 0 })
    const watch = createShard(sim, { options: { intents: 1 << 1 } })
    shards.push(watch.shard)
    await assert.rejects(watch.shard.connect(), { code: 'SHARD_FATAL_CLOSE', closeCode: 4014 })
  })
})
