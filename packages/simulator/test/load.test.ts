// The load generator: seeded streams per shard, rate, bursts, mix, routing. Rates run on an
// injected clock, so the counts are exact whatever the machine's speed.
import assert from 'node:assert/strict'
import { afterEach, describe, test } from 'node:test'
import { shardForGuild, startSimulator, type GatewaySimulator, type SimulatorOptions } from '../src/index.js'
import { eventually, RawClient, sleep } from './raw-client.js'

const opened: GatewaySimulator[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close()
})

async function start(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  const s = await startSimulator({ heartbeatIntervalMs: 60_000, identifyWindowMs: 0, shards: 2, guilds: 4, ...options })
  opened.push(s)
  return s
}

async function ready(s: GatewaySimulator, shard: [number, number]): Promise<RawClient> {
  const client = await RawClient.connect(s.gatewayUrl)
  client.identify(shard)
  await client.waitForCount((p) => p.op === 0, 3) // READY and the shard's two GUILD_CREATEs
  return client
}

const events = (client: RawClient) =>
  client.payloads.filter((p) => p.op === 0 && p.t !== 'READY' && p.t !== 'GUILD_CREATE').map((p) => ({ t: p.t, d: p.d }))

describe('load generator', () => {
  test('the same seed reproduces the same stream; another seed does not', async () => {
    const streams = []
    for (const seed of [11, 11, 12]) {
      const s = await start({ seed })
      const client = await ready(s, [1, 2])
      assert.equal(s.load.emit(25), 25)
      await client.waitForCount((p) => p.op === 0, 3 + 25)
      streams.push(events(client))
      client.close()
    }
    assert.deepEqual(streams[0], streams[1])
    assert.notDeepEqual(streams[0], streams[2])
  })

  test("events are in Discord's shapes and in guilds the shard owns", async () => {
    const s = await start()
    const client = await ready(s, [0, 2])
    s.load.emit(60)
    await client.waitForCount((p) => p.op === 0, 63)
    const names = new Set(events(client).map((e) => e.t))
    for (const t of ['MESSAGE_CREATE', 'PRESENCE_UPDATE', 'GUILD_MEMBER_UPDATE', 'TYPING_START', 'MESSAGE_REACTION_ADD']) {
      assert.ok(names.has(t), t)
    }
    for (const { d } of events(client)) assert.equal(shardForGuild((d as { guild_id: string }).guild_id, 2), 0)
    const message = events(client).find((e) => e.t === 'MESSAGE_CREATE')?.d as Record<string, unknown>
    for (const key of ['id', 'channel_id', 'author', 'content', 'timestamp', 'guild_id', 'member']) assert.ok(key in message, key)
    client.close()
  })

  test('rate per shard and bursts, on the injected clock', async () => {
    let now = 1_000_000
    const s = await start({ clock: { now: () => now } })
    const zero = await ready(s, [0, 2])
    const one = await ready(s, [1, 2])
    const run = s.load.start({ ratePerShard: 50, burst: { everyMs: 400, size: 5 }, tickMs: 5 })
    await sleep(30)
    assert.equal(run.sent, 0)
    now += 1000
    // 50 per second plus two bursts of 5, on each of the two shards.
    await eventually(() => run.sent >= 120)
    await sleep(30)
    assert.equal(run.sent, 2 * (50 + 10))
    run.stop()
    await run.done
    now += 1000
    await sleep(30)
    assert.equal(run.sent, 120, 'nothing after stop()')
    await zero.waitForCount((p) => p.op === 0, 3 + 60)
    await one.waitForCount((p) => p.op === 0, 3 + 60)
    zero.close()
    one.close()
  })

  test('a duration ends the run', async () => {
    let now = 0
    const s = await start({ clock: { now: () => now } })
    const client = await ready(s, [0, 2])
    const run = s.load.start({ ratePerShard: 10, durationMs: 500, tickMs: 5 })
    now += 600
    await run.done
    assert.equal(run.sent, 6)
    client.close()
  })

  test('a mix selects the events; GUILD_CREATE brings a large guild routed to the shard', async () => {
    let now = 0
    const s = await start({ clock: { now: () => now } })
    const client = await ready(s, [1, 2])
    const typing = s.load.start({ ratePerShard: 1000, mix: { TYPING_START: 1 }, tickMs: 5 })
    now += 10
    await client.waitForCount((p) => p.op === 0, 3 + 10)
    typing.stop()
    assert.ok(events(client).every((e) => e.t === 'TYPING_START'))
    const joins = s.load.start({ ratePerShard: 1, mix: { GUILD_CREATE: 1 }, tickMs: 5 })
    now += 1000
    const join = await client.waitFor((p) => p.t === 'GUILD_CREATE' && p.s! > 3)
    joins.stop()
    const guild = join.d as { id: string; member_count: number; large: boolean; members: unknown[] }
    assert.equal(shardForGuild(guild.id, 2), 1)
    assert.equal(guild.members.length, 2100)
    assert.equal(guild.large, true)
    client.close()
  })

  test('sessions of the same shard get the same events', async () => {
    const s = await start()
    const a = await ready(s, [0, 2])
    const b = await ready(s, [0, 2])
    s.load.emit(10, { shard: 0 })
    await a.waitForCount((p) => p.op === 0, 13)
    await b.waitForCount((p) => p.op === 0, 13)
    assert.deepEqual(events(a), events(b))
    a.close()
    b.close()
  })

  test('bad load options throw INVALID_OPTION', async () => {
    const s = await start()
    assert.throws(() => s.load.start({ ratePerShard: -1 }), { code: 'INVALID_OPTION', option: 'ratePerShard' })
    assert.throws(() => s.load.start({ ratePerShard: 1, mix: { FOO: 1 } as never }), { code: 'INVALID_OPTION', option: 'mix.FOO' })
    assert.throws(() => s.load.start({ ratePerShard: 1, mix: { TYPING_START: 0 } }), { code: 'INVALID_OPTION', option: 'mix' })
    assert.throws(() => s.load.start({ ratePerShard: 1, burst: { everyMs: 0, size: 1 } }), { code: 'INVALID_OPTION', option: 'burst' })
  })
})
