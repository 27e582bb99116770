// The recommendation rule of `pnpm tune`, fed made-up rows: nothing here times anything.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { describeRule, recommend, recommendationRule, type TuneRow } from '../src/tune/recommend.js'
import { parseTuneArgs } from '../src/tune/tune-args.js'

function row(label: string, usPerEvent: number | null, bytesPerEvent: number | null, extra: Partial<TuneRow> = {}): TuneRow {
  const [encoding, compression] = label.split(' + ') as [TuneRow['encoding'], string]
  return {
    encoding,
    compression: compression.replace(/ \[.*\]$/, '') as TuneRow['compression'],
    backend: null,
    label,
    usPerEvent,
    bytesPerEvent,
    selectable: true,
    ...extra,
  }
}

const node20 = { node: '20.20.2', nativeZstd: false }
const node24 = { node: '24.11.0', nativeZstd: true }

// Node 20 without native zstd: fzstd is many times the CPU of zlib for a little less bandwidth.
const node20Rows: TuneRow[] = [
  row('json + none', 6, 1100),
  row('json + payload', 24, 760),
  row('json + zlib-stream', 14, 240),
  row('json + zstd-stream [native]', null, null, { unavailable: 'unavailable on Node 20.20.2' }),
  row('json + zstd-stream [fzstd]', 127, 211),
  row('etf + none', 11, 1160),
  row('etf + zlib-stream', 19, 256),
  row('etf + zstd-stream [fzstd]', 190, 250),
]

test('balanced on Node 20: zlib-stream, because zstd via fzstd costs many times the CPU for a little less bandwidth', () => {
  const result = recommend(node20Rows, 'balanced', node20)
  assert.ok(result !== null)
  assert.equal(result.row.label, 'json + zlib-stream')
  assert.deepEqual(result.options, { encoding: 'json', compression: 'zlib-stream' })
  assert.equal(result.reason, 'On Node 20 without native zstd, json + zstd-stream [fzstd] costs 9.1x the CPU of json + zlib-stream for 12% less bandwidth: use json + zlib-stream. json + none would cost 57% less CPU but 4.6x the bandwidth')
  assert.equal(result.rule, describeRule('balanced'))
})

test('balanced switches to a pair that saves enough bandwidth for little enough CPU (native zstd on Node 24)', () => {
  const rows = [row('json + none', 6, 1100), row('json + zlib-stream', 14, 240), row('json + zstd-stream [native]', 16, 200), row('json + zstd-stream [fzstd]', 130, 200, { selectable: false })]
  const result = recommend(rows, 'balanced', node24)
  assert.equal(result?.row.label, 'json + zstd-stream [native]')
  assert.match(result?.reason ?? '', /^On Node 24 with native zstd, json \+ zstd-stream \[native\] saves 17% bandwidth over json \+ zlib-stream for 1\.1x its CPU/)
})

test('balanced at the edges of the thresholds: a saving just under 10%, or CPU just over 25% more, does not switch', () => {
  const { minBandwidthSaving, maxCpuIncrease } = recommendationRule
  const base = row('json + zlib-stream', 10, 1000)
  const justEnough = row('json + zstd-stream', 10 * (1 + maxCpuIncrease), 1000 * (1 - minBandwidthSaving))
  assert.equal(recommend([base, justEnough], 'balanced', node24)?.row, justEnough)
  const tooLittleSaving = row('json + zstd-stream', 11, 1000 * (1 - minBandwidthSaving) + 1)
  assert.equal(recommend([base, tooLittleSaving], 'balanced', node24)?.row, base)
  const tooMuchCpu = row('json + zstd-stream', 10 * (1 + maxCpuIncrease) + 0.01, 500)
  assert.equal(recommend([base, tooMuchCpu], 'balanced', node24)?.row, base)
})

test('figures within the noise margin count as equal: the other figure decides', () => {
  // etf is 3% slower (noise) but 20% smaller: the base is etf, without needing the switch rule.
  const rows = [row('json + zlib-stream', 10, 300), row('etf + zlib-stream', 10.3, 240)]
  assert.equal(recommend(rows, 'balanced', node24)?.row.label, 'etf + zlib-stream')
  assert.equal(recommend(rows, 'cpu', node24)?.row.label, 'etf + zlib-stream')
})

test('--prefer cpu takes the least CPU of all pairs, uncompressed included; --prefer bandwidth the fewest bytes', () => {
  const cpu = recommend(node20Rows, 'cpu', node20)
  assert.equal(cpu?.row.label, 'json + none')
  assert.equal(cpu?.reason, 'On Node 20 without native zstd, json + none costs the least CPU (6.00 µs per event), for 5.2x the bandwidth of json + zstd-stream [fzstd]')
  const bandwidth = recommend(node20Rows, 'bandwidth', node20)
  assert.equal(bandwidth?.row.label, 'json + zstd-stream [fzstd]')
  assert.match(bandwidth?.reason ?? '', /sends the fewest bytes \(211 B per event\), for 21x the CPU of json \+ none/)
})

test('rows that are unavailable, unmeasured or not what the runtime picks never win', () => {
  const rows = [
    row('json + zlib-stream', 20, 240),
    row('json + zstd-stream [fzstd]', 1, 10, { selectable: false }),
    row('etf + payload', null, null, { unavailable: 'not offered' }),
  ]
  assert.equal(recommend(rows, 'bandwidth', node24)?.row.label, 'json + zlib-stream')
  assert.equal(recommend([rows[2]!], 'balanced', node24), null)
  assert.equal(recommend([], 'cpu', node24), null)
})

test('without any transport compression measured, balanced falls back to every pair and says so', () => {
  const result = recommend([row('json + none', 6, 1100), row('json + payload', 24, 760)], 'balanced', node20)
  assert.equal(result?.row.label, 'json + none')
  assert.match(result?.reason ?? '', /no transport compression could be measured here/)
})

test('command line: flags, values, and usage errors', () => {
  assert.deepEqual(parseTuneArgs([]), { ok: true, args: { quick: false, capture: null, prefer: 'balanced', out: null } })
  assert.deepEqual(parseTuneArgs(['--quick', '--capture', 'cap', '--prefer=bandwidth', '--out', '/tmp/x']), {
    ok: true,
    args: { quick: true, capture: 'cap', prefer: 'bandwidth', out: '/tmp/x' },
  })
  assert.deepEqual(parseTuneArgs(['--help']), { ok: 'help' })
  assert.deepEqual(parseTuneArgs(['--fast']), { ok: false, error: 'unknown flag --fast' })
  assert.deepEqual(parseTuneArgs(['quick']), { ok: false, error: "unexpected argument 'quick'" })
  assert.deepEqual(parseTuneArgs(['--prefer', 'speed']), { ok: false, error: "--prefer expects one of balanced, cpu, bandwidth, got 'speed'" })
  assert.deepEqual(parseTuneArgs(['--capture']), { ok: false, error: '--capture needs a value' })
  assert.deepEqual(parseTuneArgs(['--out', '--quick']), { ok: false, error: '--out needs a value' })
  assert.deepEqual(parseTuneArgs(['--quick', '--quick']), { ok: false, error: '--quick was given twice' })
  assert.deepEqual(parseTuneArgs(['--quick=yes']), { ok: false, error: '--quick takes no value' })
})
