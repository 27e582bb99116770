// Smoke test of `pnpm bench:e2e --quick`: every mode connects and delivers events. No timing assertions.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { test } from 'node:test'
import { promisify } from 'node:util'
import type { E2eRow } from '../src/e2e/e2e-report.js'
import { e2eModes } from '../src/e2e/e2e-protocol.js'

test('bench:e2e --quick runs every mode and each delivers events', { timeout: 150_000 }, async () => {
  const script = new URL('../src/e2e.bench.ts', import.meta.url)
  const major = process.versions.node.split('.')[0]
  const file = new URL(`../results/e2e-${major}-quick.json`, import.meta.url)
  // A stale file must not pass for this run's.
  rmSync(file, { force: true })
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=shardwire-source', '--import', 'tsx', script.pathname, '--quick'], { timeout: 140_000 })
  assert.match(stdout, /target/)
  const results = JSON.parse(readFileSync(file, 'utf8')) as { rows: E2eRow[] }
  assert.deepEqual(results.rows.map((row) => row.mode), [...e2eModes])
  for (const row of results.rows) assert.ok(row.delivered > 0, `${row.mode} delivered no events`)
})
