// Each enforcement rule, driven by a raw `ws` client: the socket closes with Discord's code
// (or gets op 9) and the violation is recorded on the connection and counted.
import assert from 'node:assert/strict'
import { afterEach, describe, test } from 'node:test'
import { startSimulator, type GatewaySimulator, type SimulatorOptions, type ViolationKind } from '../src/index.js'
import { identifyData, RawClient, sleep } from './raw-client.js'

let sim: GatewaySimulator | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

async function start(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  sim = await startSimulator({ heartbeatIntervalMs: 60_000, ...options })
  return sim
}

async function expectViolationClose(s: GatewaySimulator, client: RawClient, code: number, kind: ViolationKind): Promise<void> {
  const closed = await client.closed
  assert.equal(closed.code, code)
  const record = s.records.connections.at(-1)
  assert.ok(record)
  assert.deepEqual(
    record.violations.map((v) => v.kind),
    [kind],
  )
  assert.equal(record.closeCode, code)
  assert.equal(record.closedBy, 'server')
  assert.equal(s.records.violationCounts[kind], 1)
}

describe('enforcement', () => {
  test('a payload before identifying closes with 4003', async () => {
    const s = await start()
    const client = await RawClient.connect(s.gatewayUrl)
    client.send({ op: 3, d: { since: null, activities: [], status: 'online', afk: false } })
    await expectViolationClose(s, client, 4003, 'not-authenticated')
  })

  test('heartbeats are allowed before identifying', async () => {
    const s = await start()
    const client = await RawClient.connect(s.gatewayUrl)
    client.send({ op: 1, d: null })
    await client.waitFor((p) => p.op === 11)
    assert.equal(s.records.violations.length, 0)
    client.close()
  })

  test('a second identify closes with 4005', async () => {
    const s = await start()
    const client = await RawClient.connect(s.gatewayUrl)
    client.identify()
    await client.waitFor((p) => p.t === 'READY')
    client.identify()
    await expectViolationClose(s, client, 4005, 'already-authenticated')
  })

  test('a payload over 4096 bytes closes with 4002', async () => {
    const s = await start()
    const client = await RawClient.connect(s.gatewayUrl)
    client.send({ op: 2, d: { ...identifyData(), padding: 'x'.repeat(4096) } })
    await expectViolationClose(s, client, 4002, 'payload-too-large')
  })

  test('more than the send limit per window closes with 4008, heartbeats included', async () => {
    const s = await start({ sendLimit: 5 })
    const client = await RawClient.connect(s.gatewayUrl)
    for (let i = 0; i < 6; i++) client.send({ op: 1, d: null })
    await expectViolationClose(s, client, 4008, 'rate-limited')
    assert.equal(s.records.connections[0]?.sendWindows[0]?.count, 6)
    assert.equal(s.records.connections[0]?.heartbeats.length, 5)
  })

  test('an identify without the documented shape closes with 4002', async () => {
    const s = await start()
    const client = await RawClient.connect(s.gatewayUrl)
    client.send({ op: 2, d: { token: 'simulator-token', intents: 1 } })
    await expectViolationClose(s, client, 4002, 'identify-invalid')
    assert.equal(s.records.identifies[0]?.outcome, 'rejected')
  })

  const identifyCloses: Array<[string, Record<string, unknown>, number, ViolationKind]> = [
    ['a wrong token', { token: 'nope' }, 4004, 'authentication-failed'],
    ['a shard id out of range', { shard: [2, 2] }, 4010, 'invalid-shard'],
    ['unknown intent bits', { intents: 1 << 30 }, 4013, 'invalid-intents'],
  ]
  for (const [name, patch, code, kind] of identifyCloses) {
    test(`identify with ${name} closes with ${code}`, async () => {
      const s = await start()
      const client = await RawClient.connect(s.gatewayUrl)
      client.send({ op: 2, d: { ...identifyData(), ...patch } })
      await expectViolationClose(s, client, code, kind)
    })
  }

  test('a privileged intent the application has not enabled closes with 4014', async () => {
    const s = await start({ enabledPrivilegedIntents: 0 })
    const client = await RawClient.connect(s.gatewayUrl)
    client.send({ op: 2, d: { ...identifyData(), intents: 1 << 8 } })
    await expectViolationClose(s, client, 4014, 'disallowed-intents')
  })

  test('a shard with more guilds than allowed closes with 4011', async () => {
    const s = await start({ guilds: 3, maxGuildsPerShard: 2 })
    const client = await RawClient.connect(s.gatewayUrl)
    client.identify([0, 1])
    await expectViolationClose(s, client, 4011, 'sharding-required')
  })

  test('identify concurrency: one identify per shard_id % max_concurrency bucket per window, op 9 when exceeded', async () => {
    // An injected clock: the window is decided by the clock, not by how fast this machine is.
    let now = 0
    const s = await start({ shards: 4, maxConcurrency: 2, identifyWindowMs: 5000, clock: { now: () => now } })
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => RawClient.connect(s.gatewayUrl)))
    a!.identify([0, 4])
    await a!.waitFor((p) => p.t === 'READY')
    b!.identify([1, 4])
    await b!.waitFor((p) => p.t === 'READY')
    c!.identify([2, 4]) // bucket 0 again, within the window
    const invalid = await c!.waitFor((p) => p.op === 9)
    assert.equal(invalid.d, false)
    assert.deepEqual(
      s.records.identifies.map((r) => [r.shard?.[0], r.bucket, r.outcome]),
      [
        [0, 0, 'ready'],
        [1, 1, 'ready'],
        [2, 0, 'rate-limited'],
      ],
    )
    assert.equal(s.records.violationCounts['identify-concurrency'], 1)
    // The connection stays open and may identify once the bucket frees up.
    now += 5000
    c!.identify([2, 4])
    await c!.waitFor((p) => p.t === 'READY')
    assert.equal(s.records.identifies.at(-1)?.outcome, 'ready')
    for (const client of [a, b, c]) client!.close()
  })

  test('the session start budget: remaining decreases per identify, resumes are free, exhausted closes with 4004', async () => {
    const s = await start({ sessionStartLimit: { total: 2 }, identifyWindowMs: 0 })
    const first = await RawClient.connect(s.gatewayUrl)
    first.identify()
    const ready = await first.waitFor((p) => p.t === 'READY')
    assert.equal(s.sessionStartLimit().remaining, 1)
    first.close(4000)
    await first.closed
    const resumer = await RawClient.connect(s.resumeGatewayUrl)
    resumer.send({ op: 6, d: { token: 'simulator-token', session_id: (ready.d as { session_id: string }).session_id, seq: 1 } })
    await resumer.waitFor((p) => p.t === 'RESUMED')
    assert.equal(s.sessionStartLimit().remaining, 1)
    const second = await RawClient.connect(s.gatewayUrl)
    second.identify()
    await second.waitFor((p) => p.t === 'READY')
    assert.equal(s.sessionStartLimit().remaining, 0)
    const third = await RawClient.connect(s.gatewayUrl)
    third.identify()
    await expectViolationClose(s, third, 4004, 'session-start-limit')
    assert.equal(s.records.identifies.at(-1)?.outcome, 'budget-exhausted')
    resumer.close()
    second.close()
  })

  test('no heartbeat within the timeout closes with 4009; regular heartbeats keep the socket open', async () => {
    const s = await start({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 600 })
    const silent = await RawClient.connect(s.gatewayUrl)
    const beating = await RawClient.connect(s.gatewayUrl)
    const timer = setInterval(() => beating.send({ op: 1, d: null }), 100)
    const closed = await silent.closed
    assert.equal(closed.code, 4009)
    assert.deepEqual(
      s.records.connection(1)?.violations.map((v) => v.kind),
      ['heartbeat-timeout'],
    )
    await sleep(700)
    clearInterval(timer)
    assert.equal(beating.ws.readyState, beating.ws.OPEN)
    assert.equal(s.records.violationCounts['heartbeat-timeout'], 1)
    beating.close()
  })

  const badUrls: Array<[string, string, number, ViolationKind | null]> = [
    ['an unsupported version', 'v=9&encoding=json', 4012, 'invalid-version'],
    ['no version', 'encoding=json', 4012, 'invalid-version'],
    ['an unknown encoding', 'v=10&encoding=xml', 4002, 'invalid-encoding'],
    ['an unknown compression', 'v=10&encoding=json&compress=gzip', 4002, 'invalid-compression'],
  ]
  for (const [name, query, code, kind] of badUrls) {
    test(`a gateway URL with ${name} closes with ${code} before HELLO`, async () => {
      const s = await start()
      const client = await RawClient.connect(s.gatewayUrl, { query })
      assert.equal((await client.closed).code, code)
      assert.equal(client.frames.length, 0)
      assert.deepEqual(
        s.records.connections[0]?.violations.map((v) => v.kind),
        [kind],
      )
    })
  }

  test('zstd-stream without any zstd backend is refused with a clear reason', async () => {
    const s = await start({ zstdBackends: [] })
    const client = await RawClient.connect(s.gatewayUrl, { query: 'v=10&encoding=json&compress=zstd-stream' })
    const closed = await client.closed
    assert.equal(closed.code, 4000)
    assert.match(closed.reason, /zstd-stream unavailable/)
    assert.equal(s.records.violations.length, 0)
  })
})
