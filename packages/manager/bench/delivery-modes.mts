// A first measurement of the two delivery modes (not the full bench:e2e, which also
// runs @discordjs/ws): the simulator in a child process sends a seeded mix at a fixed rate to
// 16 shards (zlib-stream, JSON) in 2 workers. Run from packages/manager:
//   node --conditions=shardwire-source --import tsx bench/delivery-modes.mts forward|handlers [ratePerShard]
// Main-thread CPU needs process.threadCpuUsage (Node >= 23.9); on Node 20 only ELU is reported.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { LocalIdentifyQueue } from '../../core/src/index.ts'
import { ShardManager } from '../src/index.ts'

const mode = process.argv[2] as 'forward' | 'handlers'
const rate = Number(process.argv[3] ?? 500)
const durationMs = 5000
const child = fork(new URL('./bench-simulator.mts', import.meta.url), { execArgv: ['--conditions=shardwire-source', '--import', 'tsx'] })
const [{ restUrl }] = await once(child, 'message') as [{ restUrl: string }]
const manager = new ShardManager({
  token: 'YmVuY2g.YmVuY2g.YmVuY2gtdG9rZW4', intents: 1 | 2 | 256 | 512 | 2048, shardsPerWorker: 16 / 2, compression: 'zlib-stream', apiBase: restUrl,
  buildIdentifyQueue: ({ maxConcurrency }) => new LocalIdentifyQueue({ maxConcurrency, windowMs: 100 }),
  ...(mode === 'handlers' ? { workerModule: new URL('./bench-handlers.mts', import.meta.url) } : {}),
})
let received = 0
if (mode === 'forward') manager.on('dispatch', () => { received++ })
const readyStart = performance.now()
await manager.connect()
const readyMs = performance.now() - readyStart
const seq0 = (await manager.fetchStatus()).shards.reduce((a, s) => a + (s.sequence ?? 0), 0)
const received0 = received
const elu0 = performance.eventLoopUtilization()
const cpu0 = process.cpuUsage()
const threadCpu = (process as unknown as { threadCpuUsage?: (prev?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage?.bind(process)
const main0 = threadCpu?.()
const t0 = performance.now()
child.send({ rate, durationMs })
const [{ sent }] = await once(child, 'message') as [{ sent: number }]
await new Promise((resolve) => setTimeout(resolve, 300))
const elapsed = performance.now() - t0
const elu = performance.eventLoopUtilization(elu0)
const cpu = process.cpuUsage(cpu0)
const main = threadCpu?.(main0)
const status = await manager.fetchStatus()
const delivered = status.shards.reduce((a, s) => a + (s.sequence ?? 0), 0) - seq0
const mainEvents = received - received0
const rss = process.memoryUsage().rss
console.log(JSON.stringify({
  mode, ratePerShard: rate, sent, deliveredInWorkers: delivered, deliveredToMain: mainEvents,
  eventsPerSecond: Math.round(delivered / (elapsed / 1000)),
  mainThreadEluUsPerEvent: +(elu.active * 1000 / Math.max(1, delivered)).toFixed(2),
  mainThreadCpuUsPerEvent: main === undefined ? null : +((main.user + main.system) / Math.max(1, delivered)).toFixed(2),
  processCpuUsPerEvent: +((cpu.user + cpu.system) / Math.max(1, delivered)).toFixed(2),
  rssMBPerShard: +(rss / 16 / 1024 / 1024).toFixed(1), readyMs: Math.round(readyMs),
}))
await manager.destroy()
child.kill()
