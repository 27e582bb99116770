import {
  etfEncoding,
  jsonEncoding,
  Shard,
  ShardwireError,
  type EncodingName,
  type Encoding,
  type OutgoingPayload,
  type PayloadTimings,
  type ReconnectMode,
  type ShardDispatch,
} from '@shardwire/core'
import type { DeliveryCounts, EventFilter, ManagerApi, ShardLifecycleEvent, ShardReport, WorkerApi, WorkerStats } from '../bridge/bridge-api.js'
import { toErrorData } from '../bridge/error-data.js'
import { exposeApi } from '../bridge/expose-api.js'
import { RpcClient } from '../bridge/rpc-client.js'
import { captureFilePath } from '../capture/frame-capture-format.js'
import { FrameCaptureWriter } from '../capture/frame-capture-writer.js'
import { BridgeIdentifyQueue } from './bridge-identify-queue.js'
import { EventBatcher } from './event-batcher.js'
import { HandledSequences } from './handled-sequences.js'
import { LeaseFence } from './lease-fence.js'
import { PeekingEncoding } from './peeking-encoding.js'
import { addPayloadTimings, noPayloadTimings, readWorkerResources } from './worker-stats.js'
import { loadWorkerHandlers, type WorkerHandlerContext, type WorkerHandlers } from './worker-handlers.js'
import type { WorkerData } from './worker-config.js'

/** See {@link WorkerData.batchIntervalMs}. */
const defaultBatchIntervalMs = 2

const encodings = { json: jsonEncoding, etf: etfEncoding } as const satisfies Record<EncodingName, Encoding>

interface HostedShard {
  readonly shard: Shard
  /** The last dispatch sequence delivered on the current session. */
  sequence: number | null
}

/**
 * Runs the shards of one worker thread: it serves {@link WorkerApi} to the manager, asks the
 * manager for identify permits and sessions, reports lifecycle changes, and forwards the
 * dispatches the filter names in batches on the events channel.
 */
export class WorkerHost implements WorkerApi {
  /** The worker's id in its manager. */
  readonly workerId: number
  readonly #data: WorkerData
  readonly #manager: RpcClient<ManagerApi>
  readonly #identifyQueue: BridgeIdentifyQueue
  readonly #events: EventBatcher
  readonly #shards = new Map<number, HostedShard>()
  readonly #redact: (text: string) => string
  /** The handlers module, loaded before any shard starts. */
  readonly #handlers: Promise<WorkerHandlers | null>
  #loadedHandlers: WorkerHandlers | null = null
  readonly #context: WorkerHandlerContext
  readonly #handled: HandledSequences | null
  readonly #fence: LeaseFence | null
  /** Handler progress held until the batch carrying the same events has left (see #recordHandled). */
  #handledWaiting: { readonly shardId: number; readonly sequence: number; readonly ready: boolean }[] = []
  /** One per worker: decodes only what the handlers here need, keeps the text of the rest. */
  readonly #encoding: PeekingEncoding
  /** The frame capture (`WorkerData.capture`), opened by the first startShards(). */
  #capture: FrameCaptureWriter | null = null
  /** Dispatches received by name, for metrics: one map update per event. */
  readonly #dispatchCounts = new Map<string, number>()
  /** The payload timings of shards stopped since, so that the worker's totals never go down. */
  #retiredTimings: PayloadTimings = noPayloadTimings

  constructor(data: WorkerData) {
    this.workerId = data.workerId
    this.#data = data
    const { token } = data.config
    this.#redact = (text) => (token === '' ? text : text.replaceAll(token, '[redacted]'))
    this.#manager = new RpcClient<ManagerApi>(data.ports.managerApi, { peer: 'the manager', timeoutMs: data.rpcTimeoutMs ?? 10_000 })
    this.#identifyQueue = new BridgeIdentifyQueue(this.#manager)
    this.#events = new EventBatcher(data.ports.events, data.eventFilter, data.batchIntervalMs ?? defaultBatchIntervalMs, () => this.#releaseHandled())
    this.#context = { workerId: data.workerId, send: (shardId, payload) => this.send(shardId, payload) }
    const { handlersModule = null, handledSequences = null } = data
    this.#handled = handledSequences === null ? null : new HandledSequences(handledSequences)
    this.#fence = data.leaseDeadlines == null ? null : new LeaseFence(data.leaseDeadlines)
    this.#handlers = handlersModule === null ? Promise.resolve(null) : loadWorkerHandlers(handlersModule)
    this.#handlers.then((handlers) => { this.#loadedHandlers = handlers }, () => {})
    this.#encoding = new PeekingEncoding(
      encodings[data.config.encoding ?? 'json'],
      (name) => this.#loadedHandlers?.[name as keyof WorkerHandlers] !== undefined,
      (name) => this.#events.accepts(name),
    )
    exposeApi<WorkerApi>(data.ports.workerApi, this, this.#redact)
    // The manager closing its end means it is gone: nothing is left to do in this thread.
    data.ports.workerApi.once('close', () => void this.#closeAll(4000).finally(() => {
      this.#capture?.close()
      this.#closePorts()
    }))
  }

  /** See {@link WorkerApi.startShards}. */
  async startShards(shardIds: readonly number[]): Promise<void> {
    // A module that fails to load fails the start, with WORKER_MODULE_FAILED, before any shard connects.
    await this.#handlers
    // A capture file that cannot be created fails the start (CAPTURE_WRITE_FAILED) before any shard connects.
    this.#capture ??= this.#openCapture()
    for (const shardId of shardIds) {
      if (this.#shards.has(shardId)) continue
      const hosted: HostedShard = { shard: this.#createShard(shardId), sequence: null }
      this.#shards.set(shardId, hosted)
      this.#watch(hosted)
      // Failures arrive as `error` lifecycle reports; connect() only says the same again.
      hosted.shard.connect().catch(() => {})
    }
  }

  /** See {@link WorkerApi.stopShards}. */
  async stopShards(shardIds: readonly number[], code: number): Promise<void> {
    const stopping = shardIds.map((shardId) => {
      const hosted = this.#shards.get(shardId)
      this.#shards.delete(shardId)
      if (hosted !== undefined) this.#retiredTimings = addPayloadTimings(this.#retiredTimings, hosted.shard.payloadTimings)
      return hosted?.shard.close(code)
    })
    await Promise.all(stopping)
    this.#events.flush()
    // The manager may end the thread next: what was captured must be on disk by then. With no
    // shard left, the file is closed (file descriptors outlive a terminated thread); a later
    // start continues it with a new segment.
    this.#capture?.flush()
    if (this.#shards.size === 0) {
      this.#capture?.close()
      this.#capture = null
    }
  }

  /** See {@link WorkerApi.send}. */
  send(shardId: number, payload: OutgoingPayload): Promise<void> {
    return this.#get(shardId).shard.send(payload)
  }

  /** See {@link WorkerApi.reconnect}. */
  async reconnect(shardId: number, mode: ReconnectMode): Promise<void> {
    this.#get(shardId).shard.reconnect(mode)
  }

  /** See {@link WorkerApi.setEventFilter}. */
  async setEventFilter(filter: EventFilter): Promise<void> {
    this.#events.setFilter(filter)
  }

  /** See {@link WorkerApi.fetchStatus}. */
  async fetchStatus(): Promise<ShardReport[]> {
    return [...this.#shards.values()].map(({ shard, sequence }) => ({ shardId: shard.id, status: shard.status, latency: shard.latency, sequence, queuedSends: shard.queuedSends }))
  }

  /** See {@link WorkerApi.fetchStats}. */
  async fetchStats(): Promise<WorkerStats> {
    let payloadTimings = this.#retiredTimings
    for (const { shard } of this.#shards.values()) payloadTimings = addPayloadTimings(payloadTimings, shard.payloadTimings)
    return { resources: readWorkerResources(), dispatches: Object.fromEntries(this.#dispatchCounts), payloadTimings }
  }

  /** See {@link WorkerApi.fetchDeliveryCounts}. */
  async fetchDeliveryCounts(): Promise<DeliveryCounts> {
    return { forwarded: this.#events.forwarded, held: this.#events.held }
  }

  /** See {@link WorkerApi.ping}. */
  async ping(): Promise<void> {}

  #openCapture(): FrameCaptureWriter | null {
    const { capture = null, workerId, config } = this.#data
    if (capture === null) return null
    return new FrameCaptureWriter({
      path: captureFilePath(capture.path, workerId), maxBytes: capture.maxBytes, workerId, run: capture.run ?? `worker-${workerId}-${process.pid}`,
      encoding: config.encoding ?? 'json', compression: config.compression ?? 'none',
      // Reported once, as an error of the worker's first shard: recording stops, the shards carry on.
      onError: (error) => this.#report({ type: 'error', shardId: this.#shards.keys().next().value ?? 0, error: toErrorData(error, this.#redact) }),
    })
  }

  #createShard(shardId: number): Shard {
    // The encoding name was turned into this worker's PeekingEncoding in the constructor.
    const { encoding: _name, ...config } = this.#data.config
    const capture = this.#capture
    return new Shard({
      ...config,
      shardId,
      encoding: this.#encoding,
      identifyQueue: this.#identifyQueue,
      ...(capture === null ? {} : { onFrame: (frame: Uint8Array | string, connection: number) => void capture.record(shardId, connection, frame) }),
      retrieveSessionInfo: (id) => this.#manager.call('retrieveSession', [id]),
      updateSessionInfo: (id, info) => {
        // The events a saved sequence covers leave first: a crash after the save must not lose them.
        this.#events.flush()
        return this.#manager.call('updateSession', [id, info])
      },
    })
  }

  #watch(hosted: HostedShard): void {
    const { shard } = hosted
    shard.on('dispatch', (payload, shardId) => {
      hosted.sequence = payload.s
      this.#dispatchCounts.set(payload.t, (this.#dispatchCounts.get(payload.t) ?? 0) + 1)
      this.#events.push(shardId, payload, this.#encoding.textOf(payload))
      if (this.#loadedHandlers !== null) this.#handle(this.#loadedHandlers, payload, shardId)
    })
    shard.on('ready', ({ shardId, sessionId }) => this.#report({ type: 'ready', shardId, sessionId }))
    shard.on('resumed', ({ shardId, replayed }) => this.#report({ type: 'resumed', shardId, replayed }))
    shard.on('close', ({ shardId, code, reconnect, reason }) => this.#report({ type: 'close', shardId, code, reconnect, reason }))
    shard.on('status', ({ shardId, status, previous }) => {
      this.#report({ type: 'status', shardId, status, previous })
      // The fence: a shard whose lease lapsed never opens another connection, whatever the main thread has said yet.
      if ((status === 'disconnected' || status === 'connecting') && this.#fence?.expired(shardId) === true) {
        this.#report({ type: 'fenced', shardId })
        void this.stopShards([shardId], 4000)
      }
    })
    shard.on('error', (error) => this.#report({ type: 'error', shardId: shard.id, error: toErrorData(error, this.#redact) }))
  }

  // In order, as the shard emits; an async handler is not awaited (like an EventEmitter listener).
  #handle(handlers: WorkerHandlers, payload: ShardDispatch, shardId: number): void {
    const handler = handlers[payload.t] as ((data: unknown, shardId: number, context: WorkerHandlerContext) => unknown) | undefined
    const failed = (error: unknown): void => {
      const message = `The ${payload.t} handler failed on shard ${shardId}: ${error instanceof Error ? error.message : String(error)}`
      this.#report({ type: 'error', shardId, error: toErrorData(new ShardwireError('HANDLER_FAILED', message), this.#redact) })
    }
    try {
      const result = handler?.(payload.d, shardId, this.#context)
      if (result instanceof Promise) result.catch(failed)
    } catch (error) {
      failed(error)
    }
    this.#recordHandled(shardId, payload.s, payload.t === 'READY')
  }

  // The manager resumes from the furthest of what the handlers and the main thread got: were
  // progress recorded while the batch with the same events still waits, a crash in between
  // would skip them for the main thread. So it waits for the batch (posted after the handlers ran).
  #recordHandled(shardId: number, sequence: number, ready: boolean): void {
    if (this.#handled === null) return
    if (this.#events.pending > 0) this.#handledWaiting.push({ shardId, sequence, ready })
    else if (ready) this.#handled.started(shardId, sequence)
    else this.#handled.handled(shardId, sequence)
  }

  #releaseHandled(): void {
    const waiting = this.#handledWaiting
    if (waiting.length === 0) return
    this.#handledWaiting = []
    for (const { shardId, sequence, ready } of waiting) {
      if (ready) this.#handled?.started(shardId, sequence)
      else this.#handled?.handled(shardId, sequence)
    }
  }

  // Lifecycle reports are fire and forget: a manager that is gone has nobody to tell.
  #report(event: ShardLifecycleEvent): void {
    // Dispatches queued before the change go first, so the manager sees READY before `ready`.
    this.#events.flush()
    this.#manager.call('reportLifecycle', [event]).catch(() => {})
  }

  #get(shardId: number): HostedShard {
    const hosted = this.#shards.get(shardId)
    if (hosted === undefined) throw new ShardwireError('SHARD_NOT_FOUND', `Worker ${this.workerId} runs no shard ${shardId}`)
    return hosted
  }

  async #closeAll(code: number): Promise<void> {
    await this.stopShards([...this.#shards.keys()], code)
  }

  #closePorts(): void {
    this.#manager.close()
    this.#data.ports.events.close()
    this.#data.ports.workerApi.close()
  }
}
