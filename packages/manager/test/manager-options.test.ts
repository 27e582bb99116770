// ShardManager's options, planning, gateway information and typed events, without workers.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import type { GatewayMessageCreateDispatchData } from 'discord-api-types/v10'
import { fetchGatewayInformation } from '../src/fetch-gateway-information.js'
import type { DispatchData } from '../src/index.js'
import type { ShardManagerOptions } from '../src/manager-options.js'
import { planWorkers, resolveShardIds } from '../src/plan-workers.js'
import { ShardManager } from '../src/shard-manager.js'

const token = 'bWFuYWdlcg.dGVzdA.c2VjcmV0LXRva2VuLW5ldmVyLWxlYWtz'
const base: ShardManagerOptions = { token, intents: 513 }
// Never joined: option checks happen in the constructor.
const anyCluster = { join: () => Promise.reject(new Error('not joined in these tests')) }

test('bad options give clear errors naming the option, never the token', () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ token: '' }, 'token', /non-empty bot token/],
    [{ token: `Bot ${token}` }, 'token', /without spaces/],
    [{ intents: -1 }, 'intents', /integer bit field/],
    [{ intents: 1.5 }, 'intents', /got 1.5/],
    [{ shardCount: 0 }, 'shardCount', /integer >= 1/],
    [{ shardIds: [] }, 'shardIds', /at least one/],
    [{ shardIds: [0, -1] }, 'shardIds', /got -1/],
    [{ shardCount: 4, shardIds: [4] }, 'shardIds', /got 4/],
    [{ shardIds: { start: 3, end: 1 } }, 'shardIds', /inclusive/],
    [{ shardCount: 4, shardIds: { start: 0, end: 4 } }, 'shardIds', /end 4 is not below the shard count 4/],
    [{ shardsPerWorker: 0 }, 'shardsPerWorker', /or 'all'/],
    [{ shardsPerWorker: 'some' }, 'shardsPerWorker', /got "some"/],
    [{ compression: 'gzip' }, 'compression', /zlib-stream/],
    [{ encoding: 'xml' }, 'encoding', /'json' or 'etf'/],
    [{ encoding: 'etf', compression: 'payload' }, 'compression', /needs the 'json' encoding/],
    [{ apiBase: 'not a url' }, 'apiBase', /expected a URL/],
    [{ fetchGatewayInformation: 'yes' }, 'fetchGatewayInformation', /function/],
    [{ rpcTimeoutMs: 0 }, 'rpcTimeoutMs', /> 0/],
    [{ sessionStore: { retrieve: () => null, update: () => {} }, updateSessionInfo: () => {} }, 'sessionStore', /not both/],
    [{ sessionStore: {} }, 'sessionStore', /retrieve/],
    [{ workerModule: './handlers.js' }, 'workerModule', /absolute path/],
    [{ sessionStartReserve: 1.5 }, 'sessionStartReserve', /integer >= 0/],
    [{ workerRestart: { maxRestarts: -1 } }, 'workerRestart.maxRestarts', /integer >= 0/],
    [{ workerRestart: { baseMs: Number.NaN } }, 'workerRestart.baseMs', /finite/],
    [{ cluster: {} }, 'cluster', /ShardCluster/],
    [{ cluster: anyCluster, sessionStore: { retrieve: () => null, update: () => {} } }, 'sessionStore', /cannot be combined with `cluster`/],
    [{ cluster: anyCluster, buildIdentifyQueue: () => ({ waitForIdentify: async () => {} }) }, 'buildIdentifyQueue', /cannot be combined with `cluster`/],
    [{ cluster: anyCluster, retrieveSessionInfo: () => null }, 'retrieveSessionInfo', /cannot be combined with `cluster`/],
    [{ cluster: anyCluster, shardIds: [0, 2] }, 'shardIds', /contiguous/],
  ]
  for (const [override, option, message] of cases) {
    assert.throws(() => new ShardManager({ ...base, ...override } as ShardManagerOptions), (error: Error & { code?: string; option?: string }) => {
      assert.equal(error.code, 'INVALID_OPTION', JSON.stringify(override))
      assert.equal(error.option, option)
      assert.match(error.message, message)
      assert.doesNotMatch(error.message, /c2VjcmV0/, 'the token is never echoed')
      return true
    })
  }
  assert.throws(() => new ShardManager(null as unknown as ShardManagerOptions), { code: 'INVALID_OPTION', option: 'options' })
  assert.doesNotThrow(() => new ShardManager({ ...base, shardCount: 4, shardIds: { start: 1, end: 3 }, shardsPerWorker: 'all', compression: 'none', encoding: 'etf' }))
  assert.doesNotThrow(() => new ShardManager({ ...base, cluster: anyCluster, shardIds: [3, 1, 2] }))
})

test('buildIdentifyQueue must return an IdentifyQueue: connect() rejects before any worker starts', async () => {
  const information = { url: 'ws://127.0.0.1:9', shards: 2, session_start_limit: { total: 10, remaining: 10, reset_after: 0, max_concurrency: 1 } }
  const manager = new ShardManager({ ...base, fetchGatewayInformation: async () => information, buildIdentifyQueue: () => ({}) as never })
  const started: number[] = []
  manager.on('workerStart', ({ workerId }) => started.push(workerId))
  await assert.rejects(manager.connect(), { code: 'INVALID_OPTION', option: 'buildIdentifyQueue', message: /waitForIdentify/ })
  assert.deepEqual(started, [])
  await manager.destroy()
})

test('shards are planned onto workers in consecutive runs', () => {
  assert.deepEqual(resolveShardIds(undefined, 3), [0, 1, 2])
  assert.deepEqual(resolveShardIds({ start: 2, end: 4 }, 8), [2, 3, 4])
  assert.deepEqual(resolveShardIds([5, 1, 5, 3], 8), [1, 3, 5])
  assert.throws(() => resolveShardIds([9], 8), { code: 'INVALID_OPTION', option: 'shardIds' })
  assert.deepEqual(planWorkers([0, 1, 2, 3, 4], 2), [[0, 1], [2, 3], [4]])
  assert.deepEqual(planWorkers([0, 1, 2], 'all'), [[0, 1, 2]])
})

test('GET /gateway/bot failures reject with GATEWAY_FETCH_FAILED, without the token', async (t) => {
  const answers: [number, string][] = [[401, '{"message":"401: Unauthorized"}'], [200, '{"url":"wss://x","shards":0}'], [200, 'not json']]
  const seen: (string | undefined)[] = []
  const server = createServer((request, response) => {
    seen.push(request.headers.authorization)
    const [status, body] = answers.shift()!
    response.writeHead(status, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => server.close())
  const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v10`
  await assert.rejects(fetchGatewayInformation(token, apiBase), { code: 'GATEWAY_FETCH_FAILED', message: /answered 401 \(the token is invalid\)/ })
  await assert.rejects(fetchGatewayInformation(token, apiBase), { code: 'GATEWAY_FETCH_FAILED', message: /`shards` is not an integer >= 1/ })
  await assert.rejects(fetchGatewayInformation(token, apiBase), { code: 'GATEWAY_FETCH_FAILED', message: /not an object/ })
  assert.deepEqual(seen, [`Bot ${token}`, `Bot ${token}`, `Bot ${token}`])

  const manager = new ShardManager({ ...base, fetchGatewayInformation: async (secret) => { throw new Error(`no route for ${secret}`) } })
  await assert.rejects(manager.connect(), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'GATEWAY_FETCH_FAILED')
    assert.match(error.message, /no route for \[redacted\]/)
    return true
  })
  const unusable = new ShardManager({ ...base, fetchGatewayInformation: async () => ({ url: 'wss://x' }) as never })
  await assert.rejects(unusable.connect(), { code: 'GATEWAY_FETCH_FAILED', message: /`shards`/ })
})

test('a destroyed manager rejects connect, send and reconnect with MANAGER_DESTROYED', async () => {
  const manager = new ShardManager(base)
  await manager.destroy()
  await assert.rejects(manager.connect(), { code: 'MANAGER_DESTROYED' })
  await assert.rejects(manager.send(0, { op: 3, d: null }), { code: 'MANAGER_DESTROYED' })
  await assert.rejects(manager.reconnect(0), { code: 'MANAGER_DESTROYED' })
  const idle = new ShardManager(base)
  await assert.rejects(idle.send(0, { op: 3, d: null }), { code: 'SHARD_NOT_FOUND' })
})

test('typed events: dispatch data comes from discord-api-types, lifecycle events carry their shapes', () => {
  const manager = new ShardManager(base)
  manager.on('MESSAGE_CREATE', (message, shardId) => {
    const content: string = message.content
    const id: number = shardId
    void content
    void id
  })
  manager.on('shardReady', ({ shardId, workerId, sessionId }) => void [shardId + workerId, sessionId.length])
  manager.on('error', (error, shardId) => void [error.code, shardId ?? -1])
  // Both ways, and not `never` (which would extend anything).
  const sameData: [DispatchData<'MESSAGE_CREATE'>] extends [GatewayMessageCreateDispatchData]
    ? [GatewayMessageCreateDispatchData] extends [DispatchData<'MESSAGE_CREATE'>] ? true : false
    : false = true
  const notNever: [DispatchData<'GUILD_CREATE'>] extends [never] ? false : true = true
  assert.equal(sameData && notNever, true)
  // @ts-expect-error: not a dispatch name nor a manager event
  manager.on('MESSAGE_CREATED', () => {})
  // @ts-expect-error: GUILD_CREATE's data has no `content`
  manager.on('GUILD_CREATE', (guild) => void guild.content)
  // @ts-expect-error: shardReady's event has no `session`
  manager.on('shardReady', (event) => void event.session)
})
