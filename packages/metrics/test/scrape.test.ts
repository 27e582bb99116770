// A ShardManager (two workers, four shards) against the simulator, scraped over HTTP: shard
// statuses, dispatch counts by name, latencies, the session budget, reconnects by reason,
// worker restarts, decode time, and /healthz through a simulator outage.
import assert from 'node:assert/strict'
import { afterEach, test } from 'node:test'
import type { Worker } from 'node:worker_threads'
import type { ShardManager } from '@shardwire/manager'
import type { GatewaySimulator } from '@shardwire/simulator'
import { collectManagerMetrics, startMetricsServer, type ManagerMetrics, type MetricsServer } from '../src/index.js'
import { createManager, get, parseMetrics, receivedByName, sampleValue, sentByName, simToken, startSim, until, type Sample } from './harness.js'

let sim: GatewaySimulator | null = null
let manager: ShardManager | null = null
let metrics: ManagerMetrics | null = null
let server: MetricsServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
  metrics?.close()
  metrics = null
  await manager?.destroy()
  manager = null
  await sim?.close()
  sim = null
})

async function scrape(s: MetricsServer): Promise<Sample[]> {
  // A fresh poll first, so that the workers' totals are current.
  await s.metrics.refresh()
  const response = await get(`${s.url}/metrics`)
  assert.equal(response.status, 200)
  assert.match(response.type ?? '', /^text\/plain; version=0\.0\.4/)
  assert.doesNotMatch(response.body, new RegExp(simToken.replaceAll('.', '\\.')), 'the token never appears')
  return parseMetrics(response.body)
}

/** The last comparison dispatchCountsMatch made, for a failure message. */
let lastComparison = ''

// Every name the simulator sent (replays included) equals dispatches_total{event=name}, and no other name is counted.
function dispatchCountsMatch(samples: readonly Sample[], s: GatewaySimulator): boolean {
  const scraped = JSON.stringify(Object.fromEntries(samples.filter((sample) => sample.name === 'shardwire_dispatches_total').map((sample) => [sample.labels.event, sample.value]).sort()))
  const expected = JSON.stringify(Object.fromEntries(Object.entries(receivedByName(s)).sort()))
  lastComparison = `scraped ${scraped}, expected ${expected}`
  return scraped === expected
}

test('a scrape shows shards by status, dispatches by name, latencies, the session budget, reconnects, resumes and worker restarts', async () => {
  sim = await startSim({ sessionStartLimit: { total: 1000, remaining: 40, resetAfterMs: 3_600_000 } })
  const s = sim
  const m = createManager(s)
  manager = m
  const threads: Worker[] = []
  m.on('workerStart', ({ workerId, thread }) => void (threads[workerId] = thread))
  // Polls only when the test asks: scrape() refreshes first.
  metrics = collectManagerMetrics(m, { pollIntervalMs: 60_000 })
  server = await startMetricsServer({ metrics })
  const srv = server
  await m.connect()

  // Only the main thread listens to nothing: every count below was kept in the workers.
  for (let i = 0; i < 13; i++) s.dispatch('MESSAGE_CREATE', { id: String(i), channel_id: '1', content: `hello ${i}` }, { shard: i % 4 })
  const load = s.load.start({ ratePerShard: 200, seed: 5, durationMs: 300 })
  await load.done
  let samples: Sample[] = []
  await until(async () => {
    samples = await scrape(srv)
    return dispatchCountsMatch(samples, s) && [0, 1, 2, 3].every((shard) => (sampleValue(samples, 'shardwire_gateway_latency_seconds_count', { shard: String(shard) }) ?? 0) > 0)
  }, 'the scraped dispatch counts to match what the simulator sent, and a heartbeat per shard')

  assert.equal(sampleValue(samples, 'shardwire_shards', { status: 'ready' }), 4)
  assert.equal(sampleValue(samples, 'shardwire_shards'), 4, 'every shard once, every other status at 0')
  assert.equal(sampleValue(samples, 'shardwire_dispatches_total', { event: 'MESSAGE_CREATE' }), sentByName(s).MESSAGE_CREATE)
  assert.ok(sentByName(s).MESSAGE_CREATE! >= 13)
  assert.equal(sampleValue(samples, 'shardwire_sessions_started_total'), 4)
  assert.equal(sampleValue(samples, 'shardwire_session_starts_remaining'), s.sessionStartLimit().remaining)
  assert.equal(s.sessionStartLimit().remaining, 36)
  assert.equal(sampleValue(samples, 'shardwire_identify_waits_total'), 0)
  for (const worker of ['0', '1']) {
    assert.ok(sampleValue(samples, 'shardwire_rpc_latency_seconds_count', { worker })! > 0, `rpc latency observed for worker ${worker}`)
    assert.equal(sampleValue(samples, 'shardwire_worker_up', { worker }), 1)
    assert.ok(sampleValue(samples, 'shardwire_worker_heap_used_bytes', { worker })! > 0)
    assert.ok(sampleValue(samples, 'shardwire_decode_seconds_total', { worker })! > 0)
    assert.ok(sampleValue(samples, 'shardwire_decompress_seconds_total', { worker })! > 0)
  }
  const dispatched = Object.values(sentByName(s)).reduce((sum, count) => sum + count, 0)
  assert.ok(sampleValue(samples, 'shardwire_decoded_payloads_total')! >= dispatched, 'every dispatch was decoded (and HELLO, ACKs…)')
  assert.ok(sampleValue(samples, 'shardwire_decompressed_frames_total')! >= sampleValue(samples, 'shardwire_decoded_payloads_total')!)
  for (const shard of ['0', '1', '2', '3']) assert.equal(sampleValue(samples, 'shardwire_send_queue_depth', { shard }), 0)
  assert.equal(sampleValue(samples, 'shardwire_reconnects_total'), undefined, 'no reconnect yet')

  // Op 7 on shard 1: one reconnect, by that reason, and a resume.
  s.faults.reconnect({ shard: 1 })
  await until(async () => {
    samples = await scrape(srv)
    return sampleValue(samples, 'shardwire_resumes_total') === 1 && sampleValue(samples, 'shardwire_shards', { status: 'ready' }) === 4
  }, 'shard 1 to resume')
  assert.equal(sampleValue(samples, 'shardwire_reconnects_total', { reason: 'reconnect-requested' }), 1)
  assert.equal(sampleValue(samples, 'shardwire_reconnects_total'), 1)

  // Worker 1 (shards 2 and 3) dies: one restart, its shards resume, and the counts stay exact
  // (what a resume replays was received twice, and is counted twice).
  // Nothing is sent until then, so the last poll before the kill saw all it counted.
  await until(async () => dispatchCountsMatch(await scrape(srv), s), 'every count polled before the kill')
  await threads[1]!.terminate()
  await until(async () => {
    samples = await scrape(srv)
    return sampleValue(samples, 'shardwire_resumes_total') === 3 && sampleValue(samples, 'shardwire_shards', { status: 'ready' }) === 4
  }, 'worker 1 to restart and its shards to resume')
  assert.equal(sampleValue(samples, 'shardwire_worker_restarts_total', { worker: '1' }), 1)
  assert.equal(sampleValue(samples, 'shardwire_worker_restarts_total', { worker: '0' }), undefined)
  assert.equal(sampleValue(samples, 'shardwire_sessions_started_total'), 4, 'the restarted shards resumed rather than identifying')
  for (let i = 0; i < 8; i++) s.dispatch('MESSAGE_CREATE', { id: `after-${i}`, channel_id: '1', content: 'after' }, { shard: i % 4 })
  await until(async () => dispatchCountsMatch(await scrape(srv), s), 'the counts after the restart to match the simulator').catch((error: unknown) => {
    throw new Error(`${String(error)}: ${lastComparison}`)
  })
})

test('/healthz is 200 while the shards are ready, 503 naming them once down past the threshold, 200 again after they resume', async () => {
  sim = await startSim()
  const s = sim
  const m = createManager(s)
  manager = m
  // The server collects for itself here, and stops collecting when it closes.
  server = await startMetricsServer({ manager: m, notReadyThresholdMs: 300, metricsOptions: { pollIntervalMs: 50 } })
  const srv = server
  await m.connect()
  assert.deepEqual(await get(`${srv.url}/healthz`), { status: 200, type: 'text/plain; charset=utf-8', body: 'ok\n' })

  // Down for 1.5 s: well past 300 ms.
  const restart = s.restart({ downtimeMs: 1500 })
  let health = await get(`${srv.url}/healthz`)
  await until(async () => (health = await get(`${srv.url}/healthz`)).status === 503, '/healthz to fail')
  assert.equal(health.type, 'application/json; charset=utf-8')
  const body = JSON.parse(health.body) as { status: string; notReadyThresholdMs: number; shards: { shardId: number; status: string; notReadyMs: number }[] }
  assert.equal(body.status, 'unhealthy')
  assert.equal(body.notReadyThresholdMs, 300)
  assert.ok(body.shards.length >= 1)
  for (const shard of body.shards) {
    assert.notEqual(shard.status, 'ready')
    assert.ok(shard.notReadyMs > 300)
  }
  await restart
  await until(async () => (await get(`${srv.url}/healthz`)).status === 200, '/healthz to recover once the shards resume')
  const samples = parseMetrics((await get(`${srv.url}/metrics`)).body)
  assert.ok(sampleValue(samples, 'shardwire_reconnects_total')! >= 4, 'each shard reconnected at least once')
})

test('the server answers 404 and 405, HEAD without a body, and listening on a taken port fails with METRICS_LISTEN_FAILED', async () => {
  sim = await startSim({ shards: 1 })
  const m = createManager(sim)
  manager = m
  metrics = collectManagerMetrics(m, { prefix: 'bot_' })
  server = await startMetricsServer({ metrics })
  const srv = server
  assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.equal((await get(`${srv.url}/nope`)).status, 404)
  assert.equal((await fetch(`${srv.url}/metrics`, { method: 'POST' })).status, 405)
  const head = await fetch(`${srv.url}/metrics`, { method: 'HEAD' })
  assert.equal(head.status, 200)
  assert.equal(await head.text(), '')
  // Before connect(): no shards known, so healthy; every status exported at 0, under the prefix.
  assert.equal((await get(`${srv.url}/healthz`)).status, 200)
  const samples = parseMetrics((await get(`${srv.url}/metrics`)).body)
  assert.equal(sampleValue(samples, 'bot_shards', { status: 'ready' }), 0)
  assert.equal(sampleValue(samples, 'shardwire_shards'), undefined)

  const port = Number(new URL(srv.url).port)
  await assert.rejects(startMetricsServer({ metrics, port }), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'METRICS_LISTEN_FAILED')
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`))
    return true
  })
  // The failed server left the shared metrics alone.
  assert.equal((await get(`${srv.url}/metrics`)).status, 200)
  assert.ok((await metrics.registry.metrics()).includes('bot_shards'))
})
