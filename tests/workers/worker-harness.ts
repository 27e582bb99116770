// Runs one real worker host (worker_threads) against @shardwire/simulator with a hand-made
// manager side: a shared identify queue, in-memory sessions, and records of what crossed.
// Not a test file itself.
import type { Worker } from 'node:worker_threads'
import { LocalIdentifyQueue, ShardwireError, type SessionInfo } from '@shardwire/core'
import type { GatewaySimulator } from '@shardwire/simulator'
import {
  createBridgeChannels,
  exposeApi,
  IdentifyTickets,
  RpcClient,
  startWorkerThread,
  workerEntryUrl,
  type EventBatch,
  type EventFilter,
  type ManagerApi,
  type ShardLifecycleEvent,
  type WorkerApi,
  type WorkerShardConfig,
} from '@shardwire/worker'
import { simToken, timing } from '../shard/sim-harness.js'

/** Shard options for the simulator with shrunk timings, as `tests/shard/sim-harness.ts` uses. */
export function simShardConfig(sim: GatewaySimulator, shardCount: number, extra: Partial<WorkerShardConfig> = {}): WorkerShardConfig {
  return {
    token: simToken,
    shardCount,
    intents: 1 | 2 | 256 | 512 | 2048,
    gatewayUrl: sim.gatewayUrl,
    timeouts: { connectMs: 2000, helloMs: 2000, readyMs: 2000, resumedMs: 2000, closeMs: 300 },
    backoff: { baseMs: 20, maxMs: 400 },
    reidentifyDelay: { minMs: 20, maxMs: 60 },
    sendLimit: { limit: 120, windowMs: timing.sendWindowMs },
    sessionSaveIntervalMs: 200,
    ...extra,
  }
}

/** One worker host and what the test's manager side saw of it. */
export class HostedWorker {
  readonly worker: Worker
  readonly client: RpcClient<WorkerApi>
  readonly tickets: IdentifyTickets
  readonly sessions = new Map<number, SessionInfo | null>()
  readonly lifecycle: ShardLifecycleEvent[] = []
  /** Dispatches received per session id, in arrival order: `{ s, t }`. */
  readonly delivered = new Map<string, { s: number | null; t: string }[]>()
  readonly #current = new Map<number, string>()
  readonly #ports: { close(): void }[]
  batches = 0

  constructor(options: { readonly config: WorkerShardConfig; readonly queue: LocalIdentifyQueue; readonly eventFilter?: EventFilter; readonly leaseDeadlines?: SharedArrayBuffer }) {
    const channels = createBridgeChannels()
    this.tickets = new IdentifyTickets(options.queue)
    const api: ManagerApi = {
      acquireIdentify: (ticket, shardId, timeoutMs) => this.tickets.acquire(ticket, shardId, timeoutMs),
      cancelIdentify: async (ticket) => this.tickets.cancel(ticket),
      identifySent: async (shardId) => options.queue.identifySent(shardId),
      retrieveSession: async (shardId) => this.sessions.get(shardId) ?? null,
      updateSession: async (shardId, info) => void this.sessions.set(shardId, info),
      reportLifecycle: async (event) => void this.lifecycle.push(event),
    }
    // Every listener is in place before the worker exists.
    exposeApi(channels.main.managerApi, api)
    this.client = new RpcClient<WorkerApi>(channels.main.workerApi, { peer: 'worker 0', timeoutMs: 5000 })
    channels.main.events.on('message', (batch: EventBatch) => this.#receive(batch))
    this.worker = startWorkerThread(workerEntryUrl(), {
      workerData: { workerId: 0, config: options.config, ports: channels.worker, eventFilter: options.eventFilter ?? null, leaseDeadlines: options.leaseDeadlines ?? null },
      transferList: channels.transferList,
    })
    this.worker.on('exit', () => {
      const died = new ShardwireError('WORKER_DIED', 'worker 0 exited')
      this.client.fail(died)
      this.tickets.releaseAll(died)
    })
    this.#ports = [channels.main.managerApi, channels.main.events]
  }

  /** Readies reported for `shardId`. */
  readies(shardId?: number): number {
    return this.lifecycle.filter((event) => event.type === 'ready' && (shardId === undefined || event.shardId === shardId)).length
  }

  /** The session shard `shardId` delivered on last. */
  currentSession(shardId: number): string | undefined {
    return this.#current.get(shardId)
  }

  /** Closes every shard with `code`, then the bridge and the thread. */
  async stop(code = 1000): Promise<void> {
    const shardIds = await this.client.api.fetchStatus().then((status) => status.map((shard) => shard.shardId), () => [])
    await this.client.api.stopShards(shardIds, code).catch(() => {})
    this.client.close()
    for (const port of this.#ports) port.close()
    await this.worker.terminate()
  }

  #receive(batch: EventBatch): void {
    this.batches++
    for (const [shardId, payload] of batch) {
      if (payload.t === 'READY') {
        this.#current.set(shardId, payload.d.session_id)
        this.delivered.set(payload.d.session_id, [])
      }
      this.delivered.get(this.#current.get(shardId) ?? '')?.push({ s: payload.s, t: payload.t })
    }
  }
}
