// Handshake, READY, resume and replay, driven by a raw `ws` client.
import assert from 'node:assert/strict'
import zlib from 'node:zlib'
import { afterEach, describe, test } from 'node:test'
import { shardForGuild, startSimulator, type GatewaySimulator, type SimulatorOptions } from '../src/index.js'
import { eventually, RawClient } from './raw-client.js'

let sim: GatewaySimulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

async function start(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  sim = await startSimulator({ heartbeatIntervalMs: 60_000, identifyWindowMs: 0, ...options })
  return sim
}

interface ReadyD {
  session_id: string
  resume_gateway_url: string
  shard: [number, number]
  user: { id: string; bot: boolean }
  application: { id: string }
  guilds: Array<{ id: string; unavailable: boolean }>
}

async function ready(s: GatewaySimulator, shard: [number, number] = [0, 1], extra = {}): Promise<{ client: RawClient; d: ReadyD }> {
  const client = await RawClient.connect(s.gatewayUrl)
  client.identify(shard, extra)
  const payload = await client.waitFor((p) => p.t === 'READY')
  return { client, d: payload.d as ReadyD }
}

const resume = (client: RawClient, sessionId: string, seq: number, token = 'simulator-token'): void =>
  client.send({ op: 6, d: { token, session_id: sessionId, seq } })

describe('handshake', () => {
  test('HELLO carries the configured interval; each heartbeat gets an ACK; op 1 is sent on demand', async () => {
    const s = await start({ heartbeatIntervalMs: 1234 })
    const heartbeats: Array<number | null> = []
    s.on('heartbeat', (r) => void heartbeats.push(r.d))
    const client = await RawClient.connect(s.gatewayUrl)
    const hello = await client.waitFor((p) => p.op === 10)
    assert.deepEqual({ ...(hello.d as object), _trace: undefined }, { heartbeat_interval: 1234, _trace: undefined })
    assert.equal(client.payloads[0]?.op, 10)
    client.send({ op: 1, d: null })
    client.send({ op: 1, d: 5 })
    await client.waitForCount((p) => p.op === 11, 2)
    assert.deepEqual(heartbeats, [null, 5])
    assert.equal(s.faults.requestHeartbeat(), 1)
    const request = await client.waitFor((p) => p.op === 1)
    assert.equal(request.d, null)
    client.close()
  })

  test('READY (seq 1) then a GUILD_CREATE for each guild the shard owns, in sequence', async () => {
    const s = await start({ shards: 3, guilds: 9 })
    const events: string[] = []
    s.on('identify', () => void events.push('identify'))
    s.on('ready', () => void events.push('ready'))
    const { client, d } = await ready(s, [2, 3])
    assert.match(d.session_id, /^[0-9a-f]{32}$/)
    assert.equal(d.resume_gateway_url, s.resumeGatewayUrl)
    assert.deepEqual(d.shard, [2, 3])
    assert.equal(d.user.bot, true)
    assert.equal(d.application.id, d.user.id)
    assert.equal(d.guilds.length, 3)
    for (const guild of d.guilds) {
      assert.equal(guild.unavailable, true)
      assert.equal(shardForGuild(guild.id, 3), 2)
    }
    const creates = await client.waitForCount((p) => p.t === 'GUILD_CREATE', 3)
    assert.deepEqual(
      creates.map((p) => (p.d as { id: string }).id),
      d.guilds.map((g) => g.id),
    )
    assert.deepEqual(client.dispatches(), [
      { s: 1, t: 'READY' },
      { s: 2, t: 'GUILD_CREATE' },
      { s: 3, t: 'GUILD_CREATE' },
      { s: 4, t: 'GUILD_CREATE' },
    ])
    assert.deepEqual(events, ['identify', 'ready'])
    client.close()
  })

  test('intents filter dispatches: no GUILDS intent, no GUILD_CREATE', async () => {
    const s = await start()
    const { client } = await ready(s, [0, 1], { intents: 1 << 9 })
    assert.equal(s.dispatch('PRESENCE_UPDATE', {}), 0)
    assert.equal(s.dispatch('MESSAGE_CREATE', { id: '1' }), 1)
    await client.waitFor((p) => p.t === 'MESSAGE_CREATE')
    assert.deepEqual(client.dispatches(), [
      { s: 1, t: 'READY' },
      { s: 2, t: 'MESSAGE_CREATE' },
    ])
    client.close()
  })

  test('identify with compress: true gets large payloads as standalone zlib binaries', async () => {
    const s = await start({ guilds: 1, guildSize: { users: 200 } })
    const client = await RawClient.connect(s.gatewayUrl)
    client.identify([0, 1], { compress: true })
    await eventually(() => client.frames.length === 3) // HELLO, READY, GUILD_CREATE
    // 0x78 is the first byte of a zlib stream header.
    assert.equal(client.frames[2]?.[0], 0x78)
    const guildCreate = JSON.parse(zlib.inflateSync(client.frames[2]!).toString())
    assert.equal(guildCreate.t, 'GUILD_CREATE')
    assert.equal(client.payloads[0]?.op, 10, 'small payloads stay text')
    client.close()
  })

  test('request guild members answers with a GUILD_MEMBERS_CHUNK', async () => {
    const s = await start()
    const { client } = await ready(s)
    client.send({ op: 8, d: { guild_id: s.guilds[0]!.id, query: '', limit: 0, nonce: 'n1' } })
    const chunk = await client.waitFor((p) => p.t === 'GUILD_MEMBERS_CHUNK')
    assert.deepEqual(chunk.d, { guild_id: s.guilds[0]!.id, members: [], chunk_index: 0, chunk_count: 1, not_found: [], nonce: 'n1' })
    client.close()
  })
})

describe('resume', () => {
  test('replays missed dispatches in order from seq + 1, then RESUMED with the next seq', async () => {
    const s = await start({ guilds: 1 })
    const { client, d } = await ready(s)
    await client.waitFor((p) => p.t === 'GUILD_CREATE')
    client.close(4000)
    await client.closed
    for (let i = 0; i < 3; i++) s.dispatch('MESSAGE_CREATE', { id: String(i) })
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resume(resumer, d.session_id, 2)
    await resumer.waitFor((p) => p.t === 'RESUMED')
    assert.deepEqual(resumer.dispatches(), [
      { s: 3, t: 'MESSAGE_CREATE' },
      { s: 4, t: 'MESSAGE_CREATE' },
      { s: 5, t: 'MESSAGE_CREATE' },
      { s: 6, t: 'RESUMED' },
    ])
    assert.deepEqual(
      resumer.payloads.filter((p) => p.t === 'MESSAGE_CREATE').map((p) => (p.d as { id: string }).id),
      ['0', '1', '2'],
    )
    const record = s.records.resumes[0]
    assert.deepEqual({ ...record, at: 0 }, { at: 0, connectionId: 2, sessionId: d.session_id, seq: 2, outcome: 'resumed', replayed: 3, onResumeUrl: true })
    assert.equal(s.records.session(d.session_id)?.dispatches.length, 6)
    // The resumed session keeps its sequence.
    s.dispatch('TYPING_START', {})
    assert.deepEqual((await resumer.waitFor((p) => p.t === 'TYPING_START')).s, 7)
    resumer.close()
  })

  test('a resume from the main URL works but is recorded as such', async () => {
    const s = await start({ guilds: 0 })
    const { client, d } = await ready(s)
    client.ws.terminate()
    await client.closed
    const resumer = await RawClient.connect(s.gatewayUrl)
    resume(resumer, d.session_id, 1)
    await resumer.waitFor((p) => p.t === 'RESUMED')
    assert.equal(s.records.resumes[0]?.onResumeUrl, false)
    resumer.close()
  })

  test('a session closed by the client with 1000 is gone: op 9 d: false', async () => {
    const s = await start({ guilds: 0 })
    const { client, d } = await ready(s)
    client.close(1000)
    await eventually(() => s.records.connection(1)?.closedAt !== null)
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resume(resumer, d.session_id, 1)
    assert.equal((await resumer.waitFor((p) => p.op === 9)).d, false)
    assert.equal(s.records.resumes[0]?.outcome, 'unknown-session')
    // The connection may identify afresh after op 9.
    resumer.identify()
    await resumer.waitFor((p) => p.t === 'READY')
    resumer.close()
  })

  test('a session past the resume window, or an unknown id, gets op 9 d: false', async () => {
    let now = 0
    const s = await start({ guilds: 0, resumeWindowMs: 50, clock: { now: () => now } })
    const { client, d } = await ready(s)
    client.close(4000)
    await eventually(() => s.records.connection(1)?.closedAt !== null)
    now += 51
    const late = await RawClient.connect(s.resumeGatewayUrl)
    resume(late, d.session_id, 1)
    assert.equal((await late.waitFor((p) => p.op === 9)).d, false)
    const unknown = await RawClient.connect(s.resumeGatewayUrl)
    resume(unknown, 'f'.repeat(32), 1)
    assert.equal((await unknown.waitFor((p) => p.op === 9)).d, false)
    assert.deepEqual(
      s.records.resumes.map((r) => r.outcome),
      ['unknown-session', 'unknown-session'],
    )
    late.close()
    unknown.close()
  })

  test('a sequence the session never reached gets op 9 d: false and ends the session', async () => {
    const s = await start({ guilds: 0 })
    const { client, d } = await ready(s)
    client.close(4000)
    await client.closed
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resume(resumer, d.session_id, 99)
    assert.equal((await resumer.waitFor((p) => p.op === 9)).d, false)
    assert.equal(s.records.violationCounts['invalid-seq'], 1)
    assert.equal(s.records.session(d.session_id)?.endReason, 'invalid seq on resume')
    resumer.close()
  })

  test('a sequence older than the replay buffer closes with 4007 when configured so', async () => {
    const s = await start({ guilds: 0, replayLimit: 2, invalidSeqReaction: 'close' })
    const { client, d } = await ready(s)
    client.close(4000)
    await client.closed
    for (let i = 0; i < 5; i++) s.dispatch('MESSAGE_CREATE', { id: String(i) })
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resume(resumer, d.session_id, 1)
    assert.equal((await resumer.closed).code, 4007)
    assert.equal(s.records.resumes[0]?.outcome, 'invalid-seq')
  })

  test('a resume with a bad token closes with 4004; a malformed one with 4002', async () => {
    const s = await start({ guilds: 0 })
    const bad = await RawClient.connect(s.resumeGatewayUrl)
    resume(bad, 'x', 1, 'wrong')
    assert.equal((await bad.closed).code, 4004)
    const malformed = await RawClient.connect(s.resumeGatewayUrl)
    malformed.send({ op: 6, d: { token: 'simulator-token', session_id: 'x', seq: 'one' } })
    assert.equal((await malformed.closed).code, 4002)
    assert.equal(s.records.violationCounts['resume-invalid'], 1)
  })

  test('a resume while the old socket is still open moves the session and closes the old socket', async () => {
    const s = await start({ guilds: 0 })
    const { client, d } = await ready(s)
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resume(resumer, d.session_id, 1)
    await resumer.waitFor((p) => p.t === 'RESUMED')
    assert.equal((await client.closed).code, 4000)
    s.dispatch('MESSAGE_CREATE', {})
    await resumer.waitFor((p) => p.t === 'MESSAGE_CREATE')
    assert.equal(client.payloads.filter((p) => p.t === 'MESSAGE_CREATE').length, 0)
    resumer.close()
  })
})
