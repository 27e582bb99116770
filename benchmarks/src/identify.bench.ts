// `pnpm bench:identify`: what sharing the identify limit through Redis costs.
// 1. The extra latency Redis adds to each permit: RedisIdentifyQueue against LocalIdentifyQueue,
//    uncontended grant round trip, p50 and p99.
// 2. Time to all-ready for 1, 2 and 4 bot processes (each a ShardManager in its own OS process)
//    at 64 shards, max_concurrency 16 (4 rounds), against the theoretical minimum.
// The full run uses Discord's real 5000 ms window and the manager's default 5100 ms (about 20 s a
// run, a little over a minute in all). `--quick` shrinks them to 1000/1250 ms and takes fewer
// samples: a smoke run, not a measurement. Needs Redis on 127.0.0.1:6379 (or SHARDWIRE_BENCH_REDIS).
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { runAllReady, type AllReadyRow } from './identify/all-ready-run.js'
import { formatIdentifyTables } from './identify/identify-report.js'
import { measurePermitLatency } from './identify/permit-latency.js'
import { clearRedisState } from '@shardwire/redis'

const quick = process.argv.includes('--quick')
const redisUrl = process.env['SHARDWIRE_BENCH_REDIS'] ?? 'redis://127.0.0.1:6379/0'
const settings = {
  shardCount: 64,
  maxConcurrency: 16,
  // 16 shards a worker: one worker per process at 4 processes, four in the single process.
  shardsPerWorker: 16,
  simWindowMs: quick ? 1000 : 5000,
  // The production margin (5100 over 5000) kept in absolute terms: it covers network jitter, while
  // identifySent restarts each window at the identify itself (the grant-to-socket hop).
  queueWindowMs: quick ? 1250 : 5100,
  permitSamples: quick ? 200 : 2000,
} as const
const prefixBase = `shardwire-bench:identify:${process.pid}:${randomBytes(4).toString('hex')}:`
const loadBefore = loadavg()

const permitPrefix = `${prefixBase}permits:`
let permits
try {
  permits = await measurePermitLatency(redisUrl, permitPrefix, settings.permitSamples)
} finally {
  await clearRedisState({ url: redisUrl, keyPrefix: permitPrefix })
}

const runs: AllReadyRow[] = []
for (const processes of [1, 2, 4]) {
  const keyPrefix = `${prefixBase}ready-${processes}:`
  try {
    runs.push(await runAllReady({ ...settings, processes, redisUrl, keyPrefix }))
    console.error(`${processes} process(es): all ready after ${runs.at(-1)!.allReadyMs} ms`)
  } finally {
    await clearRedisState({ url: redisUrl, keyPrefix })
  }
}

const loadAfter = loadavg()
console.log(formatIdentifyTables(permits, runs, settings))
console.log(`load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')}`)
const major = process.versions.node.split('.')[0]
const resultsDir = new URL('../results/', import.meta.url)
mkdirSync(resultsDir, { recursive: true })
const file = new URL(`identify-${major}${quick ? '-quick' : ''}.json`, resultsDir)
writeFileSync(file, `${JSON.stringify({ node: process.versions.node, quick, settings, loadBefore, loadAfter, permits, runs }, null, 2)}\n`)
console.log(`wrote ${file.pathname}`)
