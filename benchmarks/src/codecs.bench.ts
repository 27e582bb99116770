// `pnpm bench:codecs`: decoding and decompression of Discord-shaped traffic, ours against the
// native and popular alternatives, measured in one run so the ratios are fair. `--quick` (or
// BENCH_QUICK=1) runs a short smoke version.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeEtf } from '@shardwire/core'
import { runCases, verifyCases, type BenchCase, type BenchSettings, type SkippedCase } from './bench-runner.js'
import { buildCodecInputs, zstdCompressorName } from './corpus-inputs.js'
import { loadNote, machineFacts, machineLine } from './machine.js'
import { decodeCases } from './decode-cases.js'
import { formatTable, formatTargets } from './format-table.js'
import { findOursBackends } from './ours-backends.js'
import { oursRow, rowNames } from './row-names.js'
import { streamCases, zlibBaseline } from './stream-cases.js'
import { evaluateTargets } from './targets.js'

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1'
const nodeMajor = Number(process.versions.node.split('.')[0])
const seed = 20250501
const count = quick ? 2_000 : 10_000
const settings: BenchSettings = quick
  ? { time: 100, guildTime: 50, iterations: 2, warmupTime: 0, warmupIterations: 1, passes: 1 }
  : { time: 400, guildTime: 200, iterations: 3, warmupTime: 200, warmupIterations: 2, passes: 5 }
const limits = { slow: quick ? 200 : 1_000 }

const started = performance.now()
console.log(`shardwire codec benchmark${quick ? ' (quick)' : ''}`)
const loadBefore = loadavg()[0] ?? 0
console.log(machineLine(loadBefore))

const inputs = buildCodecInputs({ seed, count, encodeEtf })
const ours = findOursBackends()
console.log(
  `corpus: seed ${seed}, ${inputs.mixed.events} events (${(inputs.mixed.jsonBytes / inputs.mixed.events).toFixed(0)} B JSON, ` +
    `${(inputs.mixed.etfBytes / inputs.mixed.events).toFixed(0)} B ETF per event); GUILD_CREATE ${(inputs.guild.jsonBytes / 1e6).toFixed(2)} MB JSON; ` +
    `zstd inputs by ${zstdCompressorName}`,
)
const defaults = ours.filter((o) => o.isDefault && o.output === 'bytes').map((o) => `${o.compression}: ${o.backend}`)
console.log(`ours: ${[...new Set(ours.map((o) => `${o.compression}[${o.backend}]`))].join(', ') || 'none'}; defaults: ${defaults.join(', ')}`)

const all: BenchCase[] = []
const skipped: SkippedCase[] = []
for (const corpus of [inputs.mixed, inputs.guild]) {
  const decode = decodeCases(corpus)
  const stream = streamCases(corpus, ours, limits)
  all.push(...decode.cases, ...stream.cases)
  skipped.push(...decode.skipped.concat(stream.skipped))
}
const verified = await verifyCases(all)
skipped.push(...verified.failed)
console.log(`timing ${verified.ok.length} rows (${settings.passes} pass${settings.passes > 1 ? 'es' : ''}, ${settings.time} ms / at least ${settings.iterations} iterations each)...`)

const results = await runCases(verified.ok, settings, (line) => process.stderr.write(`${line}\n`))
const fast = ours.filter((o) => !o.slow)
const defaultRow = (compression: 'zlib-stream' | 'zstd-stream'): string | undefined => {
  const found = ours.find((o) => o.compression === compression && o.isDefault && o.output === 'bytes')
  return found === undefined ? undefined : oursRow(compression, found.label)
}
const slowZstd = ours.find((o) => o.compression === 'zstd-stream' && o.slow)
const info = [
  { ours: defaultRow('zlib-stream'), other: rowNames.nodeZlibAsync },
  { ours: defaultRow('zstd-stream'), other: rowNames.nativeZstdAsync },
  // What falling back to pure-JS zstd costs where the runtime has native zstd.
  { ours: defaultRow('zstd-stream'), other: slowZstd === undefined ? undefined : oursRow('zstd-stream', slowZstd.label) },
  ...fast
    .filter((o) => o.compression === 'zlib-stream' && !(o.isDefault && o.output === 'bytes'))
    .map((o) => ({ ours: oursRow('zlib-stream', o.label), other: zlibBaseline(o.output) })),
].filter((pair): pair is { ours: string; other: string } => pair.ours !== undefined && pair.other !== undefined && pair.ours !== pair.other)
const targets = evaluateTargets(results, {
  // The target judges what a user gets by default: the first available backend, bytes output.
  // Other backends and string output are stated beside it as INFO lines.
  zlib: fast.filter((o) => o.compression === 'zlib-stream' && o.isDefault && o.output === 'bytes').map((o) => ({ row: oursRow('zlib-stream', o.label), baseline: zlibBaseline(o.output) })),
  // The raw zstd baseline returns bytes: only our bytes output compares like for like.
  zstdNative: fast.filter((o) => o.compression === 'zstd-stream' && o.output === 'bytes').map((o) => oursRow('zstd-stream', o.label)),
  nodeMajor,
  info,
})
const loadAfter = loadavg()[0] ?? 0
console.log(formatTable(results, skipped))
console.log(formatTargets(targets))
const note = loadNote(loadBefore, loadAfter)
if (note !== null) console.log(note)

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')
mkdirSync(outDir, { recursive: true })
const outFile = join(outDir, `codecs-${nodeMajor}${quick ? '-quick' : ''}.json`)
const report = {
  ...machineFacts(loadBefore, loadAfter),
  quick,
  settings,
  corpus: { seed, events: inputs.mixed.events, jsonBytesPerEvent: inputs.mixed.jsonBytes / inputs.mixed.events, guildCreateJsonBytes: inputs.guild.jsonBytes, zstdCompressor: zstdCompressorName },
  ours: ours.map(({ compression, backend, output, isDefault }) => ({ compression, backend, output, isDefault })),
  results,
  skipped,
  targets,
}
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`)
console.log(`\nwrote ${outFile} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
