// The fault API, observed from a raw client.
import assert from 'node:assert/strict'
import { afterEach, describe, test } from 'node:test'
import { startSimulator, type Fault, type GatewaySimulator, type SimulatorOptions } from '../src/index.js'
import { eventually, RawClient, sleep, type RawClientOptions } from './raw-client.js'

let sim: GatewaySimulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

async function start(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  sim = await startSimulator({ heartbeatIntervalMs: 60_000, identifyWindowMs: 0, guilds: 0, shards: 2, ...options })
  return sim
}

async function ready(s: GatewaySimulator, shard: [number, number] = [0, 2], options: RawClientOptions = {}) {
  const client = await RawClient.connect(s.gatewayUrl, options)
  client.identify(shard)
  const payload = await client.waitFor((p) => p.t === 'READY')
  return { client, sessionId: (payload.d as { session_id: string }).session_id }
}

describe('fault injection', () => {
  test('drop: no close frame (1006), only the targeted shard, and the session stays resumable', async () => {
    const s = await start()
    const zero = await ready(s, [0, 2])
    const one = await ready(s, [1, 2])
    assert.equal(s.faults.drop({ shard: 1 }), 1)
    assert.equal((await one.client.closed).code, 1006)
    assert.equal(s.records.connection(2)?.closedBy, 'drop')
    assert.equal(zero.client.ws.readyState, zero.client.ws.OPEN)
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resumer.send({ op: 6, d: { token: 'simulator-token', session_id: one.sessionId, seq: 1 } })
    await resumer.waitFor((p) => p.t === 'RESUMED')
    assert.deepEqual(s.records.faults[0]?.connectionIds, [2])
    zero.client.close()
    resumer.close()
  })

  test('close with any code: resumable codes keep the session, fatal ones end it', async () => {
    const s = await start()
    const a = await ready(s, [0, 2])
    const b = await ready(s, [1, 2])
    s.faults.close(4900, { shard: 0, reason: 'custom' })
    s.faults.close(4014, { shard: 1 })
    assert.deepEqual(await a.client.closed, { code: 4900, reason: 'custom' })
    assert.equal((await b.client.closed).code, 4014)
    assert.equal(s.records.session(a.sessionId)?.endedAt, null)
    assert.equal(s.records.session(b.sessionId)?.endReason, 'closed with 4014')
    for (const code of [1006, 999, 2000, 5000]) assert.throws(() => s.faults.close(code), { code: 'INVALID_OPTION', option: 'code' })
  })

  test('op 7, then op 9 d: true (resume on the same socket) and op 9 d: false (session ended)', async () => {
    const s = await start()
    const { client, sessionId } = await ready(s)
    s.faults.reconnect()
    await client.waitFor((p) => p.op === 7)
    s.faults.invalidSession(true)
    assert.equal((await client.waitFor((p) => p.op === 9)).d, true)
    const from = client.payloads.length
    client.send({ op: 6, d: { token: 'simulator-token', session_id: sessionId, seq: 1 } })
    await client.waitFor((p) => p.t === 'RESUMED', from)
    s.faults.invalidSession(false)
    assert.equal((await client.waitFor((p) => p.op === 9 && p.d === false)).d, false)
    assert.equal(s.records.session(sessionId)?.endReason, 'invalid session')
    client.close()
  })

  test('zombie: heartbeats are recorded but no longer acknowledged', async () => {
    const s = await start()
    const client = await RawClient.connect(s.gatewayUrl)
    client.send({ op: 1, d: null })
    await client.waitFor((p) => p.op === 11)
    s.faults.zombie()
    client.send({ op: 1, d: null })
    client.send({ op: 1, d: null })
    await eventually(() => s.records.connection(1)?.heartbeats.length === 3)
    assert.equal(client.payloads.filter((p) => p.op === 11).length, 1)
    assert.deepEqual(
      s.records.connection(1)?.heartbeats.map((h) => h.acked),
      [true, false, false],
    )
    client.close()
  })

  test('stall: frames are held, then delivered in order; a stall past the heartbeat timeout drops the socket', async () => {
    const s = await start({ heartbeatTimeoutMs: 400 })
    const { client } = await ready(s)
    client.send({ op: 1, d: 1 })
    const stalledAt = Date.now()
    s.faults.stall(150)
    s.dispatch('MESSAGE_CREATE', { n: 1 })
    s.dispatch('MESSAGE_CREATE', { n: 2 })
    await client.waitForCount((p) => p.t === 'MESSAGE_CREATE', 2)
    // Held for the whole stall: nothing can arrive before it ends, however busy the machine.
    const firstAt = client.receivedAt[client.payloads.findIndex((p) => p.t === 'MESSAGE_CREATE')]!
    assert.ok(firstAt - stalledAt >= 149, `arrived ${firstAt - stalledAt} ms into a 150 ms stall`)
    assert.deepEqual(client.dispatches().map((d) => d.s), [1, 2, 3])
    s.faults.stall()
    assert.equal((await client.closed).code, 1006)
    // The silence is the fault's doing: the session times out, but the client broke no rule.
    assert.equal(s.records.violationCounts['heartbeat-timeout'] ?? 0, 0)
  })

  const corruptions: Array<[string, RawClientOptions]> = [
    ['zlib-stream', { compression: 'zlib-stream' }],
    ['zstd-stream', { compression: 'zstd-stream' }],
    ['plain JSON', {}],
    ['ETF', { encoding: 'etf' }],
  ]
  for (const [name, options] of corruptions) {
    test(`corrupt frame (${name}): the client's decompressor or decoder rejects it`, async () => {
      const s = await start()
      const { client } = await ready(s, [0, 2], options)
      s.faults.corruptFrame()
      await eventually(() => client.errors.length >= 1)
      client.close()
    })
  }

  test('malformed payload: compresses fine, fails to decode, and the stream context stays usable', async () => {
    const s = await start()
    const { client } = await ready(s, [0, 2], { compression: 'zlib-stream' })
    s.faults.malformedPayload()
    s.dispatch('MESSAGE_CREATE', { after: true })
    await client.waitFor((p) => p.t === 'MESSAGE_CREATE')
    assert.equal(client.errors.length, 1)
    assert.equal(client.errors[0]?.name, 'DecodeError')
    client.close()
  })

  test('slow consumer: messages are read late, in order', async () => {
    const s = await start()
    const client = await RawClient.connect(s.gatewayUrl)
    s.faults.slowConsumer(80)
    const sentAt = Date.now()
    for (let i = 0; i < 3; i++) client.send({ op: 1, d: i })
    await client.waitForCount((p) => p.op === 11, 3)
    // Each message waits 80 ms behind the previous one, so the third ACK comes 240 ms in at the earliest.
    const acks = client.payloads.flatMap((p, i) => (p.op === 11 ? [client.receivedAt[i]! - sentAt] : []))
    assert.ok(acks[0]! >= 79 && acks[2]! >= 239, `ACKs at ${acks.join(', ')} ms`)
    assert.deepEqual(
      s.records.connection(1)?.heartbeats.map((h) => h.d),
      [0, 1, 2],
    )
    client.close()
  })

  test('restart: every socket dropped, the same port again, sessions kept for a resume', async () => {
    const s = await start()
    const { client, sessionId } = await ready(s)
    const port = s.port
    const phases: string[] = []
    s.on('restart', (e) => void phases.push(e.phase))
    await s.restart({ downtimeMs: 50 })
    assert.equal((await client.closed).code, 1006)
    assert.deepEqual(phases, ['down', 'up'])
    assert.equal(s.port, port)
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resumer.send({ op: 6, d: { token: 'simulator-token', session_id: sessionId, seq: 1 } })
    await resumer.waitFor((p) => p.t === 'RESUMED')
    resumer.close()
  })

  test('restart without sessions: a resume afterwards gets op 9 d: false', async () => {
    const s = await start()
    const { sessionId } = await ready(s)
    await s.restart({ keepSessions: false })
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resumer.send({ op: 6, d: { token: 'simulator-token', session_id: sessionId, seq: 1 } })
    assert.equal((await resumer.waitFor((p) => p.op === 9)).d, false)
    resumer.close()
  })

  test('schedule: a fault fires after its delay, and a cancelled one never does', async () => {
    const s = await start()
    const { client } = await ready(s)
    s.faults.schedule({ kind: 'reconnect' }, { afterMs: 30 }).cancel()
    s.faults.schedule({ kind: 'request-heartbeat' }, { afterMs: 30 })
    await client.waitFor((p) => p.op === 1)
    await sleep(50)
    assert.deepEqual(
      s.records.faults.map((f) => f.fault.kind),
      ['request-heartbeat'],
    )
    client.close()
  })

  test('random faults: the same seed gives the same faults on the same shards', async () => {
    const faults: Fault[] = [{ kind: 'request-heartbeat' }, { kind: 'zombie' }, { kind: 'slow-consumer', delayMs: 1 }]
    const runs: string[][] = []
    for (let run = 0; run < 2; run++) {
      const s = await start({ seed: 3 })
      const clients = [await ready(s, [0, 2]), await ready(s, [1, 2])]
      const random = s.faults.random({ seed: 42, faults, intervalMs: { min: 1, max: 5 }, shards: [0, 1], count: 8 })
      while (random.injected < 8) await sleep(10)
      runs.push(s.records.faults.map((f) => `${f.fault.kind}@${f.target.shard}`))
      for (const { client } of clients) client.close()
      await s.close()
    }
    assert.equal(runs[0]?.length, 8)
    assert.deepEqual(runs[0], runs[1])
    assert.ok(new Set(runs[0]).size > 1)
  })

  test('random faults validate their options', async () => {
    const s = await start()
    assert.throws(() => s.faults.random({ seed: 1, faults: [], intervalMs: { min: 1, max: 2 } }), { code: 'INVALID_OPTION', option: 'faults' })
    const faults: Fault[] = [{ kind: 'zombie' }]
    assert.throws(() => s.faults.random({ seed: 1, faults, intervalMs: { min: 5, max: 2 } }), { code: 'INVALID_OPTION', option: 'intervalMs' })
    assert.throws(() => s.faults.random({ seed: 1, faults } as never), { code: 'INVALID_OPTION', option: 'intervalMs' })
    const interval = { min: 1, max: 2 }
    assert.throws(() => s.faults.random({ seed: 1.5, faults, intervalMs: interval }), { code: 'INVALID_OPTION', option: 'seed' })
    assert.throws(() => s.faults.random({ seed: 1, faults, intervalMs: interval, count: -1 }), { code: 'INVALID_OPTION', option: 'count' })
    assert.throws(() => s.faults.random({ seed: 1, faults, intervalMs: interval, shards: [] }), { code: 'INVALID_OPTION', option: 'shards' })
    const bad = [{ kind: 'explode' }] as unknown as Fault[]
    assert.throws(() => s.faults.random({ seed: 1, faults: bad, intervalMs: interval }), { code: 'INVALID_OPTION', option: 'kind' })
  })

  test('faults from untyped code are validated before anything is recorded or applied', async () => {
    const s = await start()
    const cases: Array<[unknown, string]> = [
      [{ kind: 'explode' }, 'kind'],
      [null, 'kind'],
      [{ kind: 'stall', ms: -5 }, 'ms'],
      [{ kind: 'slow-consumer', delayMs: Number.NaN }, 'delayMs'],
      [{ kind: 'invalid-session', resumable: 'yes' }, 'resumable'],
      [{ kind: 'close', code: '4000' }, 'code'],
      [{ kind: 'restart', downtimeMs: -1 }, 'downtimeMs'],
    ]
    for (const [fault, option] of cases) {
      assert.throws(() => s.faults.inject(fault as Fault), { code: 'INVALID_OPTION', option }, JSON.stringify(fault))
    }
    assert.throws(() => s.faults.stall(-1), { code: 'INVALID_OPTION', option: 'ms' })
    assert.throws(() => s.faults.schedule({ kind: 'zombie' }, { afterMs: -1 }), { code: 'INVALID_OPTION', option: 'afterMs' })
    assert.throws(() => s.faults.schedule({ kind: 'nope' } as never, { afterMs: 1 }), { code: 'INVALID_OPTION', option: 'kind' })
    await assert.rejects(s.restart({ downtimeMs: Number.POSITIVE_INFINITY }), { code: 'INVALID_OPTION', option: 'downtimeMs' })
    assert.equal(s.records.faults.length, 0, 'nothing was recorded')
  })

  test('the API refuses work after close() with SIMULATOR_CLOSED', async () => {
    const s = await start()
    await s.close()
    assert.throws(() => s.faults.drop(), { code: 'SIMULATOR_CLOSED' })
    assert.throws(() => s.dispatch('MESSAGE_CREATE', {}), { code: 'SIMULATOR_CLOSED' })
    assert.throws(() => s.load.emit(1), { code: 'SIMULATOR_CLOSED' })
    await assert.rejects(s.restart(), { code: 'SIMULATOR_CLOSED' })
  })
})
