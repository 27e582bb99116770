// Keeps `pnpm bench:codecs` working: a quick run must verify every row against JSON.parse and
// write its report. It asserts what ran, never how fast (speed targets live in the benchmark).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'

const root = join(import.meta.dirname, '..')
const nodeMajor = Number(process.versions.node.split('.')[0])

test('bench:codecs --quick runs every codec and writes its report', { timeout: 180_000 }, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=shardwire-source', '--import', 'tsx', 'src/codecs.bench.ts', '--quick'], { cwd: root, maxBuffer: 16 << 20 })
  assert.match(stdout, /targets/i)
  const report = JSON.parse(readFileSync(join(root, 'results', `codecs-${nodeMajor}-quick.json`), 'utf8')) as {
    results: Array<{ name: string }>
    skipped: Array<{ name: string; skipped: string }>
  }
  const names = report.results.map((row) => row.name).join('\n')
  for (const family of [/JSON\.parse/, /decodeEtf/, /zlib/, /zstd/]) assert.match(names, family)
  // A row whose output differs from JSON.parse's is dropped as FAILED verification: none may be.
  const wrong = report.skipped.filter((row) => row.skipped.startsWith('FAILED'))
  assert.deepEqual(wrong, [])
  // In CI every native baseline must be there (a broken native build would hide them).
  if (process.env.CI) assert.match(names, nodeMajor >= 22 ? /native/ : /erlpack/)
})
