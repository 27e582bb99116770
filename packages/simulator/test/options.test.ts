// Option defaults (Discord's values) and validation.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatewaySimulator } from '../src/index.js'
import { resolveOptions } from '../src/simulator-options.js'

describe('options', () => {
  test("defaults are Discord's", () => {
    const o = resolveOptions()
    assert.deepEqual(
      [o.heartbeatIntervalMs, o.identifyWindowMs, o.sendLimit, o.sendWindowMs, o.payloadLimitBytes, o.maxConcurrency, o.maxGuildsPerShard],
      [41_250, 5000, 120, 60_000, 4096, 1, 2500],
    )
    assert.deepEqual(o.sessionStartLimit, { total: 1000, remaining: 1000, resetAfterMs: 86_400_000 })
    assert.deepEqual(o.apiVersions, [10])
    assert.equal(o.heartbeatTimeoutMs, Math.round(41_250 * 1.5))
    assert.equal(o.host, '127.0.0.1')
    assert.equal(o.dispatchRecordLimit, 100_000)
    assert.equal(resolveOptions({ heartbeatIntervalMs: 100 }).heartbeatTimeoutMs, 150)
  })

  test('invalid options throw INVALID_OPTION naming the option', () => {
    const cases: Array<[object, string]> = [
      [{ shards: 0 }, 'shards'],
      [{ port: -1 }, 'port'],
      [{ maxConcurrency: 1.5 }, 'maxConcurrency'],
      [{ sessionStartLimit: { total: -1 } }, 'sessionStartLimit.total'],
      [{ apiVersions: [] }, 'apiVersions'],
      [{ sendRateMode: 'leaky' }, 'sendRateMode'],
      [{ invalidSeqReaction: 'ignore' }, 'invalidSeqReaction'],
      [{ token: '' }, 'token'],
      [{ guilds: 2, largeGuilds: 3 }, 'largeGuilds'],
      [{ dispatchRecordLimit: 0 }, 'dispatchRecordLimit'],
      [{ apiVersions: [10, 'nine'] }, 'apiVersions'],
      [{ host: '' }, 'host'],
      [{ zstdBackends: ['brotli'] }, 'zstdBackends'],
      [{ clock: { now: 5 } }, 'clock'],
      [{ guildSize: 'huge' }, 'guildSize'],
    ]
    for (const [options, option] of cases) {
      assert.throws(() => new GatewaySimulator(options as never), { code: 'INVALID_OPTION', option }, option)
    }
    assert.throws(() => new GatewaySimulator('fast' as never), { code: 'INVALID_OPTION', option: 'options' })
  })
})
