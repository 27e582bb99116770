// Option validation of collectManagerMetrics and startMetricsServer: every bad option fails
// with INVALID_OPTION naming it, before anything is registered or listened on.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ShardManager } from '@shardwire/manager'
import { Registry } from 'prom-client'
import { collectManagerMetrics, startMetricsServer } from '../src/index.js'

// Never connected: nothing leaves the process.
const manager = new ShardManager({ token: 'bm90.YS5yZWFs.dG9rZW4', intents: 0 })

function rejectsOption(option: string): (error: Error & { code?: string; option?: string }) => boolean {
  return (error) => {
    assert.equal(error.code, 'INVALID_OPTION', error.message)
    assert.equal(error.option, option, error.message)
    return true
  }
}

test('collectManagerMetrics rejects each bad option by name', () => {
  const cases: [option: string, manager: unknown, options: unknown][] = [
    ['manager', null, {}],
    ['manager', { on() {} }, {}],
    ['options', manager, null],
    ['registry', manager, { registry: {} }],
    ['prefix', manager, { prefix: '1abc_' }],
    ['prefix', manager, { prefix: 'a-b_' }],
    ['prefix', manager, { prefix: 5 }],
    ['pollIntervalMs', manager, { pollIntervalMs: 0 }],
    ['pollIntervalMs', manager, { pollIntervalMs: 1.5 }],
    ['pollIntervalMs', manager, { pollIntervalMs: Number.NaN }],
    ['pollIntervalMs', manager, { pollIntervalMs: 2 ** 31 }],
    ['pollIntervalMs', manager, { pollIntervalMs: '5000' }],
  ]
  for (const [option, source, options] of cases) {
    assert.throws(() => collectManagerMetrics(source as ShardManager, options as object), rejectsOption(option), `${option}: ${String(options)}`)
  }
})

test('a registry that already holds the names is refused and left as it was; close() frees them', () => {
  const registry = new Registry()
  const first = collectManagerMetrics(manager, { registry, prefix: 'bot_' })
  const before = registry.getMetricsAsArray().length
  assert.throws(() => collectManagerMetrics(manager, { registry, prefix: 'bot_' }), rejectsOption('registry'))
  assert.equal(registry.getMetricsAsArray().length, before)
  // Another prefix fits beside it.
  const second = collectManagerMetrics(manager, { registry, prefix: 'other_' })
  assert.equal(registry.getMetricsAsArray().length, 2 * before)
  first.close()
  second.close()
  assert.equal(registry.getMetricsAsArray().length, 0)
  collectManagerMetrics(manager, { registry, prefix: 'bot_' }).close()
})

test('startMetricsServer rejects each bad option by name, before listening', async () => {
  const metrics = collectManagerMetrics(manager)
  try {
    const cases: [option: string, options: unknown][] = [
      ['options', null],
      ['manager', {}],
      ['manager', { manager, metrics }],
      ['manager', { manager: { fetchStatus() {} } }],
      ['metrics', { metrics: { registry: {} } }],
      ['metricsOptions', { metrics, metricsOptions: {} }],
      ['pollIntervalMs', { manager, metricsOptions: { pollIntervalMs: -1 } }],
      ['port', { metrics, port: -1 }],
      ['port', { metrics, port: 65536 }],
      ['port', { metrics, port: 80.5 }],
      ['port', { metrics, port: '80' }],
      ['host', { metrics, host: '' }],
      ['host', { metrics, host: 5 }],
      ['notReadyThresholdMs', { metrics, notReadyThresholdMs: -1 }],
      ['notReadyThresholdMs', { metrics, notReadyThresholdMs: Number.POSITIVE_INFINITY }],
      ['notReadyThresholdMs', { metrics, notReadyThresholdMs: '100' }],
    ]
    for (const [option, options] of cases) {
      await assert.rejects(startMetricsServer(options as never), rejectsOption(option), `${option}: ${JSON.stringify(options, (key, value: unknown) => (key === 'manager' || key === 'metrics' ? '…' : value))}`)
    }
  } finally {
    metrics.close()
  }
})
