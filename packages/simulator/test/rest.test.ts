// GET /api/v10/gateway/bot.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startSimulator, type GatewaySimulator } from '../src/index.js'
import { RawClient } from './raw-client.js'

let sim: GatewaySimulator
before(async () => {
  sim = await startSimulator({ token: 'abc', shards: 3, maxConcurrency: 16, sessionStartLimit: { total: 10, remaining: 5, resetAfterMs: 60_000 }, identifyWindowMs: 0 })
})
after(() => sim.close())

const gatewayBot = (authorization?: string): Promise<Response> =>
  fetch(`${sim.restUrl}/gateway/bot`, authorization === undefined ? {} : { headers: { authorization } })

describe('REST', () => {
  test('401 without `Authorization: Bot <token>`', async () => {
    for (const authorization of [undefined, 'abc', 'Bot wrong', 'Bearer abc']) {
      const response = await gatewayBot(authorization)
      assert.equal(response.status, 401, String(authorization))
      assert.deepEqual(await response.json(), { message: '401: Unauthorized', code: 0 })
    }
  })

  test('url, recommended shards and session_start_limit; remaining decreases on each identify', async () => {
    const body = (await (await gatewayBot('Bot abc')).json()) as {
      url: string
      shards: number
      session_start_limit: { total: number; remaining: number; reset_after: number; max_concurrency: number }
    }
    assert.equal(body.url, sim.gatewayUrl)
    assert.equal(body.shards, 3)
    assert.equal(body.session_start_limit.total, 10)
    assert.equal(body.session_start_limit.remaining, 5)
    assert.equal(body.session_start_limit.max_concurrency, 16)
    assert.ok(body.session_start_limit.reset_after > 0 && body.session_start_limit.reset_after <= 60_000)
    const client = await RawClient.connect(body.url)
    client.identify([0, 3], { token: 'abc' })
    await client.waitFor((p) => p.t === 'READY')
    client.close()
    const after = (await (await gatewayBot('Bot abc')).json()) as { session_start_limit: { remaining: number } }
    assert.equal(after.session_start_limit.remaining, 4)
  })

  test('GET /gateway needs no token; other routes are 404, other methods 405', async () => {
    assert.deepEqual(await (await fetch(`${sim.restUrl}/gateway`)).json(), { url: sim.gatewayUrl })
    assert.equal((await fetch(`${sim.restUrl}/users/@me`)).status, 404)
    assert.equal((await fetch(`${sim.restUrl}/gateway/bot`, { method: 'POST', headers: { authorization: 'Bot abc' } })).status, 405)
  })
})
