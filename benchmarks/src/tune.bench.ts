// `pnpm tune`: which encoding and compression to run on this runtime, measured. Every pair of
// json/etf × none/payload/zlib-stream/zstd-stream (native and fzstd) is received the way a
// shard receives it (our createDecompressor and encodings), timed, and weighed on the wire;
// then a rule picks one and says why. `--capture <file>` does it on the user's own traffic,
// recorded by ShardManager's `capture` option. See `pnpm tune --help`.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeEtf, ShardwireError, type GatewayPayload } from '@shardwire/core'
import { buildMixedStream, toDispatchPayload } from '@shardwire/simulator'
import { runCases, verifyCases, type BenchSettings } from './bench-runner.js'
import { nativeZstd } from './native-modules.js'
import { findCaptureFiles, readCaptureMix, samplePayloads, topNames } from './tune/capture-mix.js'
import { recommend, type TuneRow } from './tune/recommend.js'
import { loadNote, machineFacts, machineLine } from './machine.js'
import { parseTuneArgs, tuneUsage } from './tune/tune-args.js'
import { buildTuneMatrix } from './tune/tune-cases.js'
import { formatTuneTable, rankRows, renderTuneSvg } from './tune/tune-report.js'

const parsed = parseTuneArgs(process.argv.slice(2))
if (parsed.ok === 'help') {
  console.log(tuneUsage)
  process.exit(0)
}
if (!parsed.ok) {
  console.error(`pnpm tune: ${parsed.error}\n\n${tuneUsage}`)
  process.exit(2)
}
const { quick, capture, prefer, out } = parsed.args

const seed = 20250501
// Every row replays the same events, fzstd included, so the per-event figures compare like for like.
const maxEvents = quick ? 400 : capture === null ? 5_000 : 10_000
const settings: BenchSettings = quick
  ? { time: 50, guildTime: 20, iterations: 1, warmupTime: 0, warmupIterations: 1, passes: 1 }
  : { time: 400, guildTime: 200, iterations: 3, warmupTime: 200, warmupIterations: 2, passes: 5 }

const started = performance.now()
const loadBefore = loadavg()[0] ?? 0
console.log(`shardwire tune${quick ? ' (quick: rough figures)' : ''}`)
console.log(machineLine(loadBefore))

// The mix: the user's capture, or our seeded synthetic stream.
let payloads: GatewayPayload[]
let mixSource: Record<string, unknown>
if (capture === null) {
  payloads = buildMixedStream({ seed, count: maxEvents }).map((event, i) => toDispatchPayload(event, i + 1) as GatewayPayload)
  mixSource = { source: 'synthetic', seed, events: payloads.length }
  console.log(`mix: synthetic (seeded mixed stream, seed ${seed}), ${payloads.length} events; pass --capture <file> to use your own traffic`)
} else {
  const files = findCaptureFiles(capture)
  if (files.length === 0) {
    console.error(`pnpm tune: no capture file matches ${capture} (looked for the file itself, then ${capture}.w<N>)\n\n${tuneUsage}`)
    process.exit(2)
  }
  let mix
  try {
    mix = readCaptureMix(files)
  } catch (error) {
    if (!(error instanceof ShardwireError)) throw error
    console.error(`pnpm tune: ${error.message}`)
    process.exit(2)
  }
  if (mix.payloads.length === 0) {
    console.error(`pnpm tune: the capture (${files.length} file${files.length === 1 ? '' : 's'}, ${mix.frames} frames) holds no decodable event`)
    process.exit(1)
  }
  payloads = samplePayloads(mix.payloads, maxEvents)
  const recorded = Object.entries(mix.recordedAs).map(([kind, frames]) => `${kind} (${frames} frames)`).join(', ')
  mixSource = { source: 'capture', files: mix.files, frames: mix.frames, decodedEvents: mix.payloads.length, events: payloads.length, recordedAs: mix.recordedAs, brokenStreams: mix.brokenStreams }
  console.log(`mix: your capture, ${files.length} file${files.length === 1 ? '' : 's'} (${files.map((f) => f.split('/').at(-1)).join(', ')}), recorded as ${recorded}`)
  console.log(`  ${mix.payloads.length} events decoded${payloads.length < mix.payloads.length ? `, ${payloads.length} of them used (every ${(mix.payloads.length / payloads.length).toFixed(1)}th, keeping the mix)` : ''}`)
  for (const broken of mix.brokenStreams) console.log(`  note: stream stopped early: ${broken}`)
}
const names = topNames(payloads)
const jsonBytes = payloads.reduce((total, payload) => total + Buffer.byteLength(JSON.stringify(payload)), 0)
console.log(`  top events: ${names.map(({ name, count }) => `${name} ${((count / payloads.length) * 100).toFixed(0)}%`).join(', ')}; ${(jsonBytes / payloads.length).toFixed(0)} B of JSON per event`)

const matrix = buildTuneMatrix(payloads, encodeEtf)
const verified = await verifyCases(matrix.cases)
const failed = new Map(verified.failed.map((f) => [f.name, f.skipped]))
console.log(`timing ${verified.ok.length} pairs (${settings.passes} pass${settings.passes > 1 ? 'es' : ''}, ${settings.time} ms / at least ${settings.iterations} iterations each)...`)
const results = await runCases(verified.ok, settings, (line) => process.stderr.write(`${line}\n`))
const timed = new Map(results.map((r) => [r.name, r]))
const rows: TuneRow[] = matrix.all.map((row) => {
  const result = timed.get(row.label)
  if (result !== undefined) return { ...row, usPerEvent: result.usPerEvent }
  const why = failed.get(row.label)
  return why === undefined ? row : { ...row, usPerEvent: null, bytesPerEvent: null, unavailable: why }
})

const runtime = { node: process.versions.node, nativeZstd: nativeZstd !== null }
const recommendation = recommend(rows, prefer, runtime)
const loadAfter = loadavg()[0] ?? 0
console.log(`\n== ${payloads.length} events, ranked by CPU (decompress + decode, one core) ==`)
console.log(formatTuneTable(rows, recommendation?.row ?? null))
console.log('\nbytes are WebSocket frame payloads per event; "not what this runtime picks": createDecompressor would choose another backend here.')
if (recommendation === null) {
  console.log('\nno recommendation: no pair could be measured on this runtime')
} else {
  console.log(`\nrule (--prefer ${prefer}): ${recommendation.rule}`)
  console.log(`recommendation: ${recommendation.reason}.`)
  console.log(`  new ShardManager({ …, encoding: '${recommendation.options.encoding}', compression: '${recommendation.options.compression}' })`)
}
const note = loadNote(loadBefore, loadAfter)
if (note !== null) console.log(note)

const outDir = out === null ? join(dirname(fileURLToPath(import.meta.url)), '..', 'results') : resolve(out)
mkdirSync(outDir, { recursive: true })
const date = new Date().toISOString().slice(0, 19).replace(/:/g, '-')
const base = join(outDir, `tune-${date}${quick ? '-quick' : ''}`)
const report = {
  tool: 'shardwire tune',
  ...machineFacts(loadBefore, loadAfter),
  quick,
  settings,
  mix: { ...mixSource, topEvents: names, jsonBytesPerEvent: jsonBytes / payloads.length },
  preference: prefer,
  rows: rankRows(rows).map((row) => ({ ...row, eventsPerSecondPerCore: row.usPerEvent === null ? null : 1e6 / row.usPerEvent })),
  recommendation: recommendation === null ? null : { label: recommendation.row.label, options: recommendation.options, rule: recommendation.rule, reason: recommendation.reason },
}
writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`)
const title = `shardwire tune: Node ${process.versions.node}, ${payloads.length} ${capture === null ? 'synthetic' : 'captured'} events${quick ? ' (quick)' : ''}`
writeFileSync(`${base}.svg`, renderTuneSvg(rows, recommendation, title))
console.log(`\nwrote ${base}.json and .svg in ${((performance.now() - started) / 1000).toFixed(1)} s`)
