// Keeps `pnpm tune` working: a quick run completes, prints a recommendation and writes valid
// JSON and SVG; bad flags exit with code 2 and the usage. Asserts what ran, never how fast.
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { nativeZstd } from '../src/native-modules.js'
import { tunePairs } from '../src/tune/tune-cases.js'
import { runTune } from './run-tune.js'

const out = mkdtempSync(join(tmpdir(), 'shardwire-tune-'))
after(() => rmSync(out, { recursive: true, force: true }))

interface TuneReport {
  quick: boolean
  mix: { source: string; events: number }
  rows: Array<{ label: string; usPerEvent: number | null; bytesPerEvent: number | null; unavailable?: string }>
  recommendation: { label: string; options: { encoding: string; compression: string }; reason: string } | null
}

test('tune --quick measures every pair (or says why not), recommends one, and writes JSON and SVG', { timeout: 180_000 }, async () => {
  const { code, stdout, stderr } = await runTune(['--quick', '--out', out])
  assert.equal(code, 0, stderr)
  assert.match(stdout, /mix: synthetic/)
  assert.match(stdout, /rule \(--prefer balanced\): /)
  assert.match(stdout, /recommendation: On Node \d+ with(out)? native zstd, .*: use /)
  const files = readdirSync(out)
  const json = files.find((file) => /^tune-.*-quick\.json$/.test(file))
  const svg = files.find((file) => /^tune-.*-quick\.svg$/.test(file))
  assert.ok(json !== undefined && svg !== undefined, `wrote ${files.join(', ')}`)
  const report = JSON.parse(readFileSync(join(out, json), 'utf8')) as TuneReport
  assert.equal(report.quick, true)
  assert.equal(report.mix.source, 'synthetic')
  // Every pair has a row: measured, or with the reason it could not run (none vanish).
  assert.equal(report.rows.length, tunePairs.length)
  for (const row of report.rows) {
    const measured = row.usPerEvent !== null && row.usPerEvent > 0 && row.bytesPerEvent !== null && row.bytesPerEvent > 0
    assert.ok(measured || (row.unavailable !== undefined && row.unavailable.length > 0), `${row.label}: measured or explained`)
  }
  for (const label of ['json + none', 'json + payload', 'json + zlib-stream', 'etf + zlib-stream', 'json + zstd-stream [fzstd]']) {
    assert.ok(report.rows.some((row) => row.label === label && row.usPerEvent !== null), `${label} measured`)
  }
  const native = report.rows.find((row) => row.label === 'json + zstd-stream [native]')
  if (nativeZstd === null) assert.match(native?.unavailable ?? '', /unavailable on Node/)
  else assert.ok(native?.usPerEvent !== null, 'native zstd measured where the runtime has it')
  assert.ok(report.recommendation !== null)
  assert.ok(report.rows.some((row) => row.label === report.recommendation?.label))
  const picture = readFileSync(join(out, svg), 'utf8')
  assert.match(picture, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
  assert.match(picture, /<\/svg>\n$/)
  assert.equal((picture.match(/<rect /g) ?? []).length, 1 + 2 * report.rows.filter((row) => row.usPerEvent !== null).length)
  assert.ok(picture.includes(`recommended: ${report.recommendation.label}`))
})

test('bad flags exit with code 2 and print the usage', { timeout: 60_000 }, async () => {
  for (const args of [['--fast'], ['--prefer', 'speed'], ['--capture'], ['--capture', join(out, 'no-such-capture')]]) {
    const { code, stderr } = await runTune(args)
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`)
    assert.match(stderr, /usage: pnpm tune/)
  }
})
