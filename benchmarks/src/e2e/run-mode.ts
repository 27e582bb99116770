// One delivery mode in its own process: connects 16 shards to the simulator, then measures the
// load window between the orchestrator's `start` and `stop`. Usage: run-mode.ts <mode> <restUrl> <gatewayUrl>
import { BroadcastChannel } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import { LocalIdentifyQueue } from '@shardwire/core'
import { ShardManager } from '@shardwire/manager'
import { CompressionMethod, WebSocketManager, WebSocketShardEvents, WorkerShardingStrategy } from '@discordjs/ws'
import type { APIGatewayBotInfo } from 'discord-api-types/v10'
import { countChannelName, countHandlersModule } from './count-handlers.js'
import { e2eLoad, e2eModes, type E2eMode, type ModeCommand, type ModeReply } from './e2e-protocol.js'
import { mainThreadCpuUs } from './thread-cpu.js'

const [modeArg, restUrl = '', gatewayUrl = ''] = process.argv.slice(2)
const mode = e2eModes.find((name) => name === modeArg)
if (mode === undefined) throw new Error(`unknown mode ${String(modeArg)}; one of ${e2eModes.join(', ')}`)

interface Running {
  /** Events delivered to the handler so far. */
  delivered(): number
  destroy(): Promise<void>
}

async function startShardwire(handlers: boolean): Promise<Running> {
  let received = 0
  const manager = new ShardManager({
    token: e2eLoad.token, intents: e2eLoad.intents, shardsPerWorker: e2eLoad.shardsPerWorker, shardCount: e2eLoad.shards,
    compression: 'zlib-stream', encoding: 'json', apiBase: restUrl,
    buildIdentifyQueue: ({ maxConcurrency }) => new LocalIdentifyQueue({ maxConcurrency, windowMs: 100 }),
    ...(handlers ? { workerModule: countHandlersModule } : {}),
  })
  const counts = new Map<number, number>()
  const channel = handlers ? new BroadcastChannel(countChannelName) : null
  if (channel !== null) channel.onmessage = (event) => {
    const { threadId, count } = (event as unknown as { data: { threadId: number; count: number } }).data
    counts.set(threadId, count)
  }
  else manager.on('dispatch', () => { received++ })
  await manager.connect()
  return {
    delivered: () => (channel === null ? received : [...counts.values()].reduce((a, b) => a + b, 0)),
    destroy: async () => {
      channel?.close()
      await manager.destroy()
    },
  }
}

type ManagerOptions = ConstructorParameters<typeof WebSocketManager>[0]

/** @discordjs/ws pointed at the simulator: the gateway information it would return, without REST. */
class SimulatedWebSocketManager extends WebSocketManager {
  override async fetchGatewayInformation(): Promise<APIGatewayBotInfo> {
    return { url: gatewayUrl, shards: e2eLoad.shards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: e2eLoad.shards } }
  }
}

async function startDiscordjs(): Promise<Running> {
  let received = 0
  let ready = 0
  const manager = new SimulatedWebSocketManager({
    // Unused: fetchGatewayInformation is overridden, so no REST call is made.
    rest: null as unknown as ManagerOptions['rest'],
    token: e2eLoad.token, intents: e2eLoad.intents, shardCount: e2eLoad.shards, shardIds: { start: 0, end: e2eLoad.shards - 1 },
    compression: CompressionMethod.ZlibNative,
    buildStrategy: (manager) => new WorkerShardingStrategy(manager, { shardsPerWorker: e2eLoad.shardsPerWorker }),
  })
  const allReady = new Promise<void>((resolve) => {
    manager.on(WebSocketShardEvents.Ready, () => {
      if (++ready === e2eLoad.shards) resolve()
    })
  })
  manager.on(WebSocketShardEvents.Dispatch, () => { received++ })
  await manager.connect()
  await allReady
  return { delivered: () => received, destroy: async () => { await manager.destroy() } }
}

const send = (message: ModeReply): void => {
  if (process.connected) process.send?.(message, undefined, {}, () => {})
}
const readyStart = performance.now()
const running = mode === 'discordjs-ws' ? await startDiscordjs() : await startShardwire(mode === 'shardwire-handlers')
const readyMs = performance.now() - readyStart
const idleRssBytes = process.memoryUsage().rss
send({ type: 'ready', readyMs })

let start: { at: number; delivered: number; main: number | null; cpu: NodeJS.CpuUsage } | null = null
process.on('message', (command: ModeCommand) => {
  if (command.type === 'start') {
    start = { at: performance.now(), delivered: running.delivered(), main: mainThreadCpuUs(), cpu: process.cpuUsage() }
    return
  }
  if (start === null) return
  const main = mainThreadCpuUs()
  const cpu = process.cpuUsage(start.cpu)
  send({
    type: 'measured',
    measurement: {
      mode: mode as E2eMode, readyMs, delivered: running.delivered() - start.delivered, windowMs: performance.now() - start.at,
      mainCpuUs: main === null || start.main === null ? null : main - start.main, processCpuUs: cpu.user + cpu.system, systemCpuUs: cpu.system,
      rssBytes: process.memoryUsage().rss, idleRssBytes,
    },
  })
  void running.destroy().finally(() => process.exit(0))
})
