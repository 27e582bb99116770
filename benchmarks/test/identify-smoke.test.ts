// Smoke test of `pnpm bench:identify --quick`: it completes and reports every row. No timing assertions.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { test } from 'node:test'
import { promisify } from 'node:util'
import type { AllReadyRow } from '../src/identify/all-ready-run.js'
import type { PermitLatencyRow } from '../src/identify/permit-latency.js'

test('bench:identify --quick measures both queues and 1, 2 and 4 processes', { timeout: 150_000 }, async () => {
  const script = new URL('../src/identify.bench.ts', import.meta.url)
  const major = process.versions.node.split('.')[0]
  const file = new URL(`../results/identify-${major}-quick.json`, import.meta.url)
  // A stale file must not pass for this run's.
  rmSync(file, { force: true })
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=shardwire-source', '--import', 'tsx', script.pathname, '--quick'], { timeout: 140_000 })
  assert.match(stdout, /Time to all-ready/)
  const results = JSON.parse(readFileSync(file, 'utf8')) as { permits: PermitLatencyRow[]; runs: AllReadyRow[] }
  assert.deepEqual(results.permits.map((row) => row.queue), ['local', 'redis'])
  for (const row of results.permits) assert.ok(row.samples > 0 && row.p50Ms > 0 && row.p99Ms >= row.p50Ms, `${row.queue}: a latency`)
  assert.deepEqual(results.runs.map((row) => row.processes), [1, 2, 4])
  for (const row of results.runs) {
    assert.equal(row.shards, 64)
    assert.ok(row.identifies >= 64, `${row.processes} process(es): every shard identified`)
    assert.ok(row.allReadyMs > 0 && row.minimumMs > 0)
  }
})
