// The event API, and dispatches routed by guild across sessions with different shard counts.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { shardForGuild, startSimulator, type SimulatorEventMap } from '../src/index.js'
import { RawClient } from './raw-client.js'

describe('events and routing', () => {
  test('every observation is emitted as a typed event, in order', async () => {
    const sim = await startSimulator({ heartbeatIntervalMs: 60_000, guilds: 1 })
    const seen: string[] = []
    const names: Array<keyof SimulatorEventMap> = ['connection', 'close', 'identify', 'ready', 'resume', 'heartbeat', 'violation', 'dispatch', 'fault']
    for (const name of names) sim.on(name, () => void seen.push(name))
    const client = await RawClient.connect(sim.gatewayUrl)
    client.send({ op: 1, d: null })
    client.identify()
    await client.waitFor((p) => p.t === 'GUILD_CREATE')
    const sessionId = sim.records.identifies[0]!.sessionId!
    sim.faults.drop()
    await client.closed
    const resumer = await RawClient.connect(sim.resumeGatewayUrl)
    resumer.send({ op: 6, d: { token: 'simulator-token', session_id: sessionId, seq: 2 } })
    await resumer.waitFor((p) => p.t === 'RESUMED')
    resumer.send({ op: 42, d: null })
    await resumer.closed
    await sim.close()
    assert.deepEqual(seen, [
      'connection', 'heartbeat', 'identify', 'dispatch', 'ready', 'dispatch', // READY, then GUILD_CREATE
      'fault', 'close', 'connection', 'resume', 'dispatch', // RESUMED
      'violation', 'close',
    ])
  })

  test('dispatches route by guild, so sessions with different num_shards run side by side; DMs go to shard 0', async () => {
    const sim = await startSimulator({ heartbeatIntervalMs: 60_000, identifyWindowMs: 0, guilds: 0 })
    const clients = new Map<string, RawClient>()
    for (const shard of [[0, 1], [0, 2], [1, 2]] as Array<[number, number]>) {
      const client = await RawClient.connect(sim.gatewayUrl)
      client.identify(shard)
      await client.waitFor((p) => p.t === 'READY')
      clients.set(shard.join('/'), client)
    }
    const guildId = '81384788765712384' // (id >> 22) % 2 === 0
    assert.equal(shardForGuild(guildId, 2), 0)
    assert.equal(sim.dispatch('MESSAGE_CREATE', { guild_id: guildId }, { guildId }), 2)
    assert.equal(sim.dispatch('MESSAGE_CREATE', { dm: true }, { dm: true }), 2)
    assert.equal(sim.dispatch('TYPING_START', {}, { shard: 1 }), 1)
    const count = (key: string) => clients.get(key)!.payloads.filter((p) => p.op === 0 && p.t !== 'READY').length
    await clients.get('0/1')!.waitForCount((p) => p.t === 'MESSAGE_CREATE', 2)
    await clients.get('0/2')!.waitForCount((p) => p.t === 'MESSAGE_CREATE', 2)
    await clients.get('1/2')!.waitFor((p) => p.t === 'TYPING_START')
    assert.deepEqual([count('0/1'), count('0/2'), count('1/2')], [2, 2, 1])
    for (const client of clients.values()) client.close()
    await sim.close()
  })
})
