import type { Worker } from 'node:worker_threads'
import { ShardwireError, type IdentifyQueue } from '@shardwire/core'
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
  type WorkerData,
  type WorkerShardConfig,
} from '@shardwire/worker'
import type { SessionStore } from './manager-options.js'

/** What a {@link WorkerHandle} reports to its manager. */
export interface WorkerHandleHooks {
  /** A batch of dispatches arrived. */
  batch(workerId: number, batch: EventBatch): void
  /** A shard's life changed. */
  lifecycle(workerId: number, event: ShardLifecycleEvent): void
  /** The thread failed with an uncaught exception (its message already scrubbed of the token). */
  error(workerId: number, error: ShardwireError): void
  /** The thread ended. */
  exit(workerId: number, exitCode: number): void
}

/** How to start one worker. */
export interface WorkerHandleOptions {
  readonly workerId: number
  /** The shards it runs, kept up to date by the manager as shards are added and removed (cluster mode). */
  readonly assigned: ReadonlySet<number>
  readonly config: WorkerShardConfig
  readonly eventFilter: EventFilter
  readonly rpcTimeoutMs: number
  readonly handlersModule: string | null
  readonly handledSequences: SharedArrayBuffer | null
  readonly leaseDeadlines: SharedArrayBuffer | null
  /** Where the worker records frames, or null. */
  readonly capture: WorkerData['capture']
  readonly identifyQueue: IdentifyQueue
  readonly sessions: SessionStore
  readonly hooks: WorkerHandleHooks
}

/**
 * The manager's side of one worker thread: its bridge (every listener attached before the
 * thread starts), its identify tickets, and what happens when it dies: pending calls reject
 * with `WORKER_DIED` and its identify requests are withdrawn.
 */
export class WorkerHandle {
  /** The worker's id in its manager. */
  readonly workerId: number
  readonly #assigned: ReadonlySet<number>
  /** Calls into the worker. */
  readonly client: RpcClient<WorkerApi>
  readonly #thread: Worker
  readonly #tickets: IdentifyTickets
  readonly #ports: { close(): void }[]
  #exited = false

  constructor(options: WorkerHandleOptions) {
    const { workerId, hooks, sessions, config } = options
    this.workerId = workerId
    this.#assigned = options.assigned
    const channels = createBridgeChannels()
    const tickets = new IdentifyTickets(options.identifyQueue)
    this.#tickets = tickets
    const api: ManagerApi = {
      acquireIdentify: (ticket, shardId, timeoutMs) => tickets.acquire(ticket, shardId, timeoutMs),
      cancelIdentify: async (ticket) => tickets.cancel(ticket),
      identifySent: async (shardId) => options.identifyQueue.identifySent?.(shardId),
      retrieveSession: async (shardId) => sessions.retrieve(shardId),
      updateSession: async (shardId, info) => sessions.update(shardId, info),
      reportLifecycle: async (event) => hooks.lifecycle(workerId, event),
    }
    const redact = (text: string): string => text.replaceAll(config.token, '[redacted]')
    exposeApi(channels.main.managerApi, api, redact)
    this.client = new RpcClient<WorkerApi>(channels.main.workerApi, { peer: `worker ${workerId}`, timeoutMs: options.rpcTimeoutMs })
    channels.main.events.on('message', (batch: EventBatch) => hooks.batch(workerId, batch))
    this.#ports = [channels.main.managerApi, channels.main.events]
    this.#thread = startWorkerThread(workerEntryUrl(), {
      name: `shardwire worker ${workerId}`,
      // A worker's garbage is almost all short-lived (frames, decoded events): a young generation
      // of 8 MB instead of V8's default (up to 32 MB and more) keeps RSS per shard under load about
      // a third lower, at the same CPU per event (pnpm bench:e2e).
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
      workerData: {
        workerId, config, ports: channels.worker, eventFilter: options.eventFilter, rpcTimeoutMs: options.rpcTimeoutMs, handlersModule: options.handlersModule,
        handledSequences: options.handledSequences, leaseDeadlines: options.leaseDeadlines, capture: options.capture,
      } satisfies WorkerData,
      transferList: channels.transferList,
    })
    this.#thread.on('error', (error) => {
      hooks.error(workerId, new ShardwireError('WORKER_DIED', `Worker ${workerId} failed: ${redact(error.message)}`))
    })
    this.#thread.on('exit', (exitCode) => {
      this.#exited = true
      const died = new ShardwireError('WORKER_DIED', `Worker ${workerId} exited with code ${exitCode}`)
      this.client.fail(died)
      tickets.releaseAll(died)
      for (const port of this.#ports) port.close()
      hooks.exit(workerId, exitCode)
    })
  }

  /** The shards it runs, ascending. */
  get shardIds(): readonly number[] {
    return [...this.#assigned].sort((a, b) => a - b)
  }

  /** Whether the thread has ended. */
  get exited(): boolean {
    return this.#exited
  }

  /** Identify requests of this worker still waiting. */
  get waitingIdentifies(): number {
    return this.#tickets.size
  }

  /** Ends the thread at once. */
  async terminate(): Promise<void> {
    this.client.close()
    if (!this.#exited) await this.#thread.terminate()
  }

  /** The thread itself, for tests that kill it. */
  get thread(): Worker {
    return this.#thread
  }
}
