// One run of the demo, from start to summary: the same ShardManager code against the
// simulator or Discord; faults and loss accounting only where the simulator can give them.
import { ShardManager, fetchGatewayInformation, planWorkers, resolveShardIds } from '@shardwire/manager'
import { GatewayIntentBits } from 'discord-api-types/v10'
import { caughtUp, DeliveryLedger, lossReport, sentNameFrom } from './accounting.js'
import { openBackend, simulatorSettings } from './demo-backend.js'
import type { DemoFlags } from './demo-flags.js'
import { DemoMonitor } from './demo-monitor.js'
import type { DemoSummary } from './demo-snapshot.js'
import type { DemoView } from './demo-view.js'
import { FaultRunner } from './fault-runner.js'
import { minFaultWindowMs } from './fault-script.js'
import { formatSeconds } from './format.js'

// No privileged intent, so that --live works for any bot as it is.
const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.GuildMessageReactions | GatewayIntentBits.GuildMessageTyping

const identifyRules = new Set(['identify-concurrency', 'session-start-limit', 'identify-invalid'])

/** How long the end of a run waits for faults to be recovered from and deliveries to catch up. */
export const settleLimitMs = { duration: 20_000, interrupted: 5_000 } as const

/** How often the view is refreshed from `fetchStatus()`. */
export const refreshEveryMs = 500

/**
 * Runs the demo until `flags.durationMs` has passed or `stop` is aborted, then settles,
 * accounts, shuts everything down and returns the summary.
 * @throws ShardwireError when the manager cannot start (GET /gateway/bot failed, a fatal close)
 */
export async function runDemo(flags: DemoFlags, view: DemoView, stop: AbortSignal): Promise<DemoSummary> {
  const started = performance.now()
  const elapsed = (): number => performance.now() - started
  const backend = await openBackend(flags)
  const { sim } = backend
  const ledger = new DeliveryLedger(sim === null ? null : sentNameFrom(sim.records))
  const plan = flags.shards === null ? [] : planWorkers(resolveShardIds(undefined, flags.shards), flags.shardsPerWorker)
  const faults = sim !== null && flags.faults ? new FaultRunner({ plan, faults: sim.faults, elapsed, report: (event) => view.event(event) }) : null
  let allReady = (): void => {}
  const monitor = new DemoMonitor({
    setup: {
      target: flags.target.kind, shards: flags.shards ?? 0, shardsPerWorker: flags.shardsPerWorker, workers: plan.length,
      maxConcurrency: sim?.options.maxConcurrency ?? 0, encoding: flags.encoding, compression: flags.compression,
      durationMs: flags.durationMs, heartbeatIntervalMs: sim === null ? null : simulatorSettings.heartbeatIntervalMs,
    },
    ledger, faults, elapsed, report: (event) => view.event(event), allReady: () => allReady(), configured: (setup) => view.begin(setup),
  })

  let manager: ShardManager | null = null
  let refresher: NodeJS.Timeout | undefined
  let refreshing = false
  const refresh = async (): Promise<void> => {
    if (refreshing || manager === null) return
    refreshing = true
    // A worker dying mid-call rejects this one call; the next refresh sees it down.
    await manager.fetchStatus().then((status) => view.update(monitor.snapshot(status, faults?.rows() ?? [])), () => {}).finally(() => (refreshing = false))
  }
  try {
    manager = new ShardManager({
      token: backend.token, intents, encoding: flags.encoding, compression: flags.compression, apiBase: backend.apiBase,
      shardsPerWorker: flags.shardsPerWorker, ...(flags.shards === null ? {} : { shardCount: flags.shards }),
      fetchGatewayInformation: async (token, apiBase) => {
        const info = await fetchGatewayInformation(token, apiBase)
        monitor.configure(flags.shards ?? info.shards, info.session_start_limit.max_concurrency)
        return info
      },
    })
    monitor.attach(manager)
    refresher = setInterval(() => void refresh(), refreshEveryMs)
    const ended = new Promise<'duration' | 'interrupted'>((resolve) => {
      const timer = setTimeout(() => resolve('duration'), Math.max(0, flags.durationMs - elapsed()))
      const interrupt = (): void => (clearTimeout(timer), resolve('interrupted'))
      if (stop.aborted) interrupt()
      else stop.addEventListener('abort', interrupt, { once: true })
    })
    allReady = () => {
      const windowMs = flags.durationMs - elapsed()
      if (faults !== null && windowMs < minFaultWindowMs) view.event({ kind: 'note', atMs: elapsed(), text: `no faults: ${formatSeconds(windowMs)} left after start-up, they need ${formatSeconds(minFaultWindowMs)} (raise --duration)` })
      faults?.start(windowMs)
    }
    const failed = manager.connect().then(() => new Promise<never>(() => {}))
    // Once the run has ended, a late rejection (destroy() during start-up) is nobody's concern.
    failed.catch(() => {})
    const how = await Promise.race([ended, failed])
    // The last figures are taken while traffic still flows, so that rates mean something.
    await refresh()
    faults?.stop()
    sim?.load.stopAll()
    // The summary is about a quiet system: every fault recovered and every event sent delivered.
    const limit = performance.now() + settleLimitMs[how]
    const settled = (): boolean => !(faults?.recovering() ?? false) &&
      (sim === null || monitor.shardIds.every((shardId) => caughtUp(ledger, sim.records, shardId)))
    const waited = !settled()
    while (!settled() && performance.now() < limit && !(how === 'duration' && stop.aborted)) await new Promise((resolve) => setTimeout(resolve, 100))
    // A fault recovered (or not) while settling is shown as it ended.
    if (waited && faults !== null) await refresh()
    monitor.quiet()
    const violations = sim?.records.violations ?? null
    return {
      setup: monitor.setup,
      elapsedMs: elapsed(),
      interrupted: how === 'interrupted',
      delivered: ledger.delivered,
      loss: sim === null ? null : lossReport(ledger, sim.records),
      faults: faults?.rows() ?? [],
      identifyViolations: violations === null ? null : violations.filter((v) => identifyRules.has(v.kind)).length,
      otherViolations: violations === null ? null : violations.filter((v) => !identifyRules.has(v.kind)).length,
    }
  } finally {
    clearInterval(refresher)
    faults?.stop()
    await manager?.destroy()
    await backend.close()
  }
}
