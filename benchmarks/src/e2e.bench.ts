// `pnpm bench:e2e`: shardwire against @discordjs/ws end to end. The simulator runs in a child
// process and offers a fixed dispatch rate to 16 shards (zlib-stream, JSON), more than any mode
// can take; each mode runs in its own process and counts what reaches its handler per second.
// `--rate=N` sets the offered events/s per shard; `--quick` is a ~30 s smoke run; `--modes=a,b` runs only those modes; `--profile=DIR` writes a
// CPU profile of each mode's process to DIR; `--dist` runs shardwire from its builds (run
// `pnpm build` first) rather than its sources under tsx, whose loader costs memory in every worker.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { e2eModes, type LoadRequest, type ModeCommand, type ModeReply, type SimulatorReply } from './e2e/e2e-protocol.js'
import { evaluateE2e, formatE2eTable, type E2eRow } from './e2e/e2e-report.js'
import { forkTs, nextMessage, reap } from './e2e/run-child.js'

const quick = process.argv.includes('--quick')
// The issue asks for throughput at saturation: 2,000 events/s per shard (32,000/s) is more than
// any mode takes on two cores shared with the simulator, so every mode falls behind ('sat') and
// reads as many events as it can. Per-event CPU falls with load where reads batch up, so a lower
// `--rate=N` (per shard) measures a different, unsaturated regime.
const rateArg = process.argv.find((arg) => arg.startsWith('--rate='))?.slice('--rate='.length)
const ratePerShard = rateArg === undefined ? 2000 : Number(rateArg)
if (!Number.isSafeInteger(ratePerShard) || ratePerShard < 1) throw new Error(`--rate expects events per second per shard, an integer >= 1; got ${String(rateArg)}`)
const load = quick ? { ratePerShard: 400, durationMs: 3000 } : { ratePerShard, durationMs: 8000 }
const modesArg = process.argv.find((arg) => arg.startsWith('--modes='))?.slice('--modes='.length).split(',')
const modes = e2eModes.filter((mode) => modesArg === undefined || modesArg.includes(mode))
const profileDir = process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length)
const profileArgv = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
const dist = process.argv.includes('--dist')
if (dist && !existsSync(new URL('../../packages/manager/dist/index.js', import.meta.url))) throw new Error('--dist needs the packages built: run pnpm build')
const loadBefore = loadavg()

const simulator = forkTs('./simulator-process.ts', [], profileArgv)
const listening = await nextMessage<SimulatorReply>(simulator, (m) => m.type === 'listening', 30_000, 'the simulator')
if (listening.type !== 'listening') throw new Error('unreachable')

const rows: E2eRow[] = []
for (const mode of modes) {
  const child = forkTs('./run-mode.ts', [mode, listening.restUrl, listening.gatewayUrl], profileArgv, dist)
  try {
    await nextMessage<ModeReply>(child, (m) => m.type === 'ready', 60_000, `${mode} to be ready`)
    // Let the identify burst settle before the window opens.
    await new Promise((resolve) => setTimeout(resolve, 500))
    child.send({ type: 'start' } satisfies ModeCommand)
    simulator.send({ type: 'load', ratePerShard: load.ratePerShard } satisfies LoadRequest)
    await new Promise((resolve) => setTimeout(resolve, load.durationMs))
    const measuredReply = nextMessage<ModeReply>(child, (m) => m.type === 'measured', 30_000, `${mode}'s measurement`)
    child.send({ type: 'stop' } satisfies ModeCommand)
    const loadDone = nextMessage<SimulatorReply>(simulator, (m) => m.type === 'loadDone', 60_000, 'the load to stop')
    simulator.send({ type: 'stop' } satisfies LoadRequest)
    const [reply, done] = await Promise.all([measuredReply, loadDone])
    if (reply.type !== 'measured' || done.type !== 'loadDone') throw new Error('unreachable')
    rows.push({ ...reply.measurement, offered: done.sent })
    console.error(`${mode}: ${Math.round(reply.measurement.delivered / (reply.measurement.windowMs / 1000))} events/s`)
  } finally {
    await reap(child)
  }
  // The simulator drops the closed sessions' queued frames before the next mode connects.
  await new Promise((resolve) => setTimeout(resolve, 1000))
}
simulator.disconnect()
await reap(simulator)

const targets = evaluateE2e(rows)
const loadAfter = loadavg()
console.log(formatE2eTable(rows, targets, { ...load, quick, dist, loadBefore, loadAfter }))
const major = process.versions.node.split('.')[0]
const resultsDir = new URL('../results/', import.meta.url)
mkdirSync(resultsDir, { recursive: true })
const partial = modes.length < e2eModes.length || profileDir !== undefined
const file = new URL(`e2e-${major}${dist ? '-dist' : ''}${quick ? '-quick' : ''}${partial ? '-partial' : ''}.json`, resultsDir)
writeFileSync(file, `${JSON.stringify({ node: process.versions.node, quick, dist, load, shards: 16, loadBefore, loadAfter, rows, targets }, null, 2)}\n`)
console.log(`wrote ${file.pathname}`)
