import { InvalidOptionError, LocalIdentifyQueue, ShardwireError, type OutgoingPayload, type ReconnectMode } from '@shardwire/core'
import { fromErrorData, HandledSequences, LeaseFence, readForwardedDispatch, type EventBatch, type ShardLifecycleEvent, type WorkerShardConfig } from '@shardwire/worker'
import type { ClusterMembership } from './cluster/shard-cluster.js'
import { DeliveredSequences } from './delivered-sequences.js'
import { fetchUsableInformation } from './fetch-gateway-information.js'
import { ManagerEmitter } from './manager-emitter.js'
import type { ManagerEventMap } from './manager-events.js'
import type { GatewayInformation, SessionStore, ShardManagerOptions } from './manager-options.js'
import { OrderedIdentifyQueue } from './ordered-identify-queue.js'
import { planWorkers, resolveShardIds } from './plan-workers.js'
import { SessionBudgetQueue } from './session-budget-queue.js'
import { resolveManagerOptions, type ResolvedManagerOptions } from './resolve-manager-options.js'
import { fetchManagerStatus, type ManagerStatus } from './manager-status.js'
import { WorkerHandle } from './worker-handle.js'
import { ReadyWait } from './ready-wait.js'

type Phase = 'idle' | 'connecting' | 'connected' | 'destroyed'

/** What every worker of one `connect()` shares. */
interface Fleet {
  readonly config: WorkerShardConfig
  readonly identifyQueue: OrderedIdentifyQueue
  readonly sessions: SessionStore
  /** The session start budget inside `identifyQueue`, read by `sessionStartsRemaining`. */
  readonly budget: SessionBudgetQueue
}

/**
 * Runs a bot's shards in `worker_threads`, N per worker: it plans shards onto workers,
 * coordinates identify across all of them through one queue, keeps sessions, restarts workers
 * that die (their shards resume), and delivers dispatches typed by discord-api-types. Only
 * the dispatch names someone listens to leave the workers.
 *
 * @example
 * ```ts
 * const manager = new ShardManager({ token, intents, shardsPerWorker: 16 })
 * manager.on('MESSAGE_CREATE', (message, shardId) => { ... })
 * await manager.connect()
 * ```
 */
export class ShardManager {
  readonly #options: ResolvedManagerOptions
  readonly #events = new ManagerEmitter(() => this.#scheduleFilter())
  #delivered = new DeliveredSequences()
  #handledBuffer: SharedArrayBuffer | null = null
  /** The live handle of each worker slot, by worker id; a restart replaces it. */
  readonly #workers = new Map<number, WorkerHandle>()
  /** The shards each worker slot should run: all of its plan, or in cluster mode those claimed. */
  readonly #assigned = new Map<number, Set<number>>()
  /** Which worker slot runs each shard of the plan. */
  readonly #slotOf = new Map<number, number>()
  #membership: ClusterMembership | null = null
  /** Cluster mode: each shard's lease deadline, shared with the workers. */
  #fence: { readonly buffer: SharedArrayBuffer; readonly deadlines: LeaseFence } | null = null
  readonly #restartTimers = new Set<NodeJS.Timeout>()
  #phase: Phase = 'idle'
  #fleet: Fleet | null = null
  #connecting: Promise<void> | null = null
  #waiting: ReadyWait | null = null
  #filterKey = ''
  #filterScheduled = false
  #shardCount: number | null = null

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: ShardManagerOptions) {
    this.#options = resolveManagerOptions(options)
  }

  /** The bot's shard count, known once `connect()` has fetched it; null before. */
  get shardCount(): number | null {
    return this.#shardCount
  }

  /**
   * Session starts this manager believes are left until the budget of `GET /gateway/bot`
   * resets (the reserve included); null before `connect()` has fetched it.
   */
  get sessionStartsRemaining(): number | null {
    return this.#fleet?.budget.remaining ?? null
  }

  /** Listens to a dispatch by name (`MESSAGE_CREATE`, typed data) or to one of the manager's own events. */
  on<K extends keyof ManagerEventMap>(name: K, listener: (...args: ManagerEventMap[K]) => void): this {
    this.#events.add(name, listener, false)
    return this
  }

  /** Like {@link ShardManager.on}, for one event. */
  once<K extends keyof ManagerEventMap>(name: K, listener: (...args: ManagerEventMap[K]) => void): this {
    this.#events.add(name, listener, true)
    return this
  }

  /** Removes a listener; a dispatch nobody listens to any more stops leaving the workers. */
  off<K extends keyof ManagerEventMap>(name: K, listener: (...args: ManagerEventMap[K]) => void): this {
    this.#events.remove(name, listener)
    return this
  }

  /**
   * Fetches `GET /gateway/bot`, starts the workers and their shards, and resolves once every
   * shard is ready or resumed. Shards that stop on a fatal close are reported on `error` and
   * leave the others running; connect() then rejects with the first of those errors.
   */
  connect(): Promise<void> {
    if (this.#isDestroyed()) return Promise.reject(destroyed())
    this.#connecting ??= this.#connect()
    return this.#connecting
  }

  /**
   * Stops every shard and ends the workers. With `resume: true` the sessions stay open and are
   * saved (close code 4000), so that a new manager with the same session store resumes them;
   * otherwise they end with code 1000.
   */
  async destroy(options: { readonly resume?: boolean } = {}): Promise<void> {
    if (this.#isDestroyed()) return
    this.#phase = 'destroyed'
    for (const timer of this.#restartTimers) clearTimeout(timer)
    this.#restartTimers.clear()
    this.#waiting?.fail(destroyed())
    const code = options.resume === true ? 4000 : 1000
    const workers = [...this.#workers.values()]
    await Promise.all(workers.map((worker) => worker.exited ? undefined : worker.client.api.stopShards(worker.shardIds, code).catch((error: unknown) => {
      this.#debug(`worker ${worker.workerId} did not stop its shards cleanly: ${String(error)}`, worker.workerId)
    })))
    await Promise.all(workers.map((worker) => worker.terminate()))
    // Last: the shards are stopped (and their sessions saved) before other members may claim them.
    await this.#membership?.close().catch((error: unknown) => this.#debug(`leaving the cluster failed: ${String(error)}`))
  }

  /** Sends a payload on shard `shardId`; rejects like `Shard.send`, or `SHARD_NOT_FOUND`. */
  send(shardId: number, payload: OutgoingPayload): Promise<void> {
    return this.#run(shardId, (worker) => worker.client.api.send(shardId, payload))
  }

  /** Reconnects shard `shardId`: `resume` keeps its session, `reidentify` starts a new one. */
  reconnect(shardId: number, mode: ReconnectMode = 'resume'): Promise<void> {
    return this.#run(shardId, (worker) => worker.client.api.reconnect(shardId, mode))
  }

  /** Each shard's status, latency, sequence and worker, and each worker's bridge latency and delivery counts. */
  fetchStatus(): Promise<ManagerStatus> {
    return fetchManagerStatus([...this.#workers.values()])
  }

  async #connect(): Promise<void> {
    this.#phase = 'connecting'
    const options = this.#options
    const info = await this.#fetchInformation()
    if (this.#isDestroyed()) throw destroyed()
    const shardCount = options.shardCount ?? info.shards
    const shardIds = resolveShardIds(options.shardIds, shardCount)
    this.#shardCount = shardCount
    const maxConcurrency = info.session_start_limit.max_concurrency
    const membership = options.cluster === null ? null : await options.cluster.join(
      { shardCount, shardIds, maxConcurrency, sessionStartLimit: info.session_start_limit },
      { release: (shardId) => this.#stopShard(shardId, 4000, 'handed-over') },
    )
    this.#membership = membership
    if (this.#isDestroyed()) {
      await membership?.close()
      throw destroyed()
    }
    // The window restarts when a shard writes its IDENTIFY (identifySent), however late the grant
    // reached it; the 100 ms over Discord's 5 s absorb the two identifies' different network delays.
    const shared = membership?.identifyQueue ?? options.buildIdentifyQueue?.({ maxConcurrency }) ?? new LocalIdentifyQueue({ maxConcurrency, windowMs: 5100 })
    if (typeof shared?.waitForIdentify !== 'function') throw new InvalidOptionError('buildIdentifyQueue', 'expected it to return an IdentifyQueue (an object with waitForIdentify)')
    const store = membership?.sessionStore ?? options.sessionStore
    if (options.workerModule !== null) {
      this.#handledBuffer = HandledSequences.allocate(shardCount)
      this.#delivered = new DeliveredSequences(new HandledSequences(this.#handledBuffer))
    }
    const budget = new SessionBudgetQueue(shared, info.session_start_limit, {
      refresh: async () => (await this.#fetchInformation()).session_start_limit,
      waiting: (event) => void this.#events.emit('identifyWaiting', event),
    }, { reserve: options.sessionStartReserve })
    this.#fleet = {
      config: { ...options.shardOptions, token: options.token, shardCount, intents: options.intents, gatewayUrl: info.url, encoding: options.encoding, compression: options.compression },
      // Claims arrive over time in cluster mode: there is no start-up order to keep.
      identifyQueue: new OrderedIdentifyQueue(budget, maxConcurrency, membership === null ? shardIds : []),
      budget,
      sessions: {
        retrieve: async (shardId) => this.#delivered.resumePoint(shardId, await store.retrieve(shardId)),
        update: (shardId, info) => store.update(shardId, info),
      },
    }
    const plan = planWorkers(shardIds, options.shardsPerWorker)
    plan.forEach((ids, workerId) => {
      for (const shardId of ids) this.#slotOf.set(shardId, workerId)
      this.#assigned.set(workerId, new Set(membership === null ? ids : []))
    })
    this.#debug(`planned ${shardIds.length} of ${shardCount} shards onto ${plan.length} workers, max_concurrency ${maxConcurrency}${membership === null ? '' : `, as cluster member ${membership.memberId}`}`)
    const waiting = new ReadyWait(membership === null ? shardIds : [], membership !== null)
    this.#waiting = waiting
    this.#filterKey = JSON.stringify(this.#events.filter())
    if (membership === null) await Promise.all(plan.map((_, workerId) => this.#startWorker(workerId)))
    else await this.#joinCluster(membership)
    await waiting.promise
    this.#waiting = null
    if (this.#phase === 'connecting') this.#phase = 'connected'
  }

  // Cluster mode: run what this member claims, stop what it loses; connect() waits for the first claims.
  async #joinCluster(membership: ClusterMembership): Promise<void> {
    const buffer = LeaseFence.allocate(this.#shardCount!)
    const deadlines = new LeaseFence(buffer)
    this.#fence = { buffer, deadlines }
    membership.on('lease', (shardId, deadline) => deadlines.set(shardId, deadline))
    membership.on('claimed', (shardId) => this.#runShard(shardId))
    membership.on('lost', (shardId, reason) => {
      this.#debug(`lost the lease of shard ${shardId} (${reason}): stopping it`)
      void this.#stopShard(shardId, 4000, 'lost')
    })
    membership.on('error', (error) => void (this.#events.emit('error', error, null) || this.#debug(error.message)))
    membership.on('notice', (message) => void this.#debug(`cluster: ${message}`))
    await membership.start()
    this.#waiting?.close()
  }

  // Starts shard `shardId` in its worker slot, starting the worker first if it is not running.
  #runShard(shardId: number): void {
    const workerId = this.#slotOf.get(shardId)
    const assigned = workerId === undefined ? undefined : this.#assigned.get(workerId)
    if (workerId === undefined || assigned === undefined || assigned.has(shardId) || this.#isDestroyed()) return
    assigned.add(shardId)
    this.#waiting?.expect(shardId)
    this.#events.emit('shardOwnership', { shardId, owned: true, reason: 'claimed' })
    const worker = this.#workers.get(workerId)
    // A worker that died restarts with every shard assigned to it by then.
    if (worker?.exited === true) return
    const starting = worker === undefined ? this.#startWorker(workerId) : worker.client.api.startShards([shardId])
    starting.catch((error: unknown) => this.#debug(`shard ${shardId} did not start: ${String(error)}`, workerId))
  }

  // Stops shard `shardId` (cluster mode: lost, or handed over); 4000 keeps its session resumable and saved.
  async #stopShard(shardId: number, code: number, reason: 'lost' | 'handed-over'): Promise<void> {
    const workerId = this.#slotOf.get(shardId)
    if (workerId === undefined || this.#assigned.get(workerId)?.delete(shardId) !== true) return
    this.#waiting?.settle(shardId)
    this.#fence?.deadlines.set(shardId, 0)
    this.#events.emit('shardOwnership', { shardId, owned: false, reason })
    const worker = this.#workers.get(workerId)
    if (worker === undefined || worker.exited) return
    await worker.client.api.stopShards([shardId], code).catch((error: unknown) => this.#debug(`shard ${shardId} did not stop cleanly: ${String(error)}`, workerId))
  }

  // Starts (or restarts) worker `workerId` with its assigned shards; every listener is attached before it runs.
  async #startWorker(workerId: number): Promise<void> {
    const fleet = this.#fleet!
    const assigned = this.#assigned.get(workerId)!
    const worker = new WorkerHandle({
      workerId, assigned, config: fleet.config, eventFilter: this.#events.filter(), rpcTimeoutMs: this.#options.rpcTimeoutMs,
      handlersModule: this.#options.workerModule, handledSequences: this.#handledBuffer, leaseDeadlines: this.#fence?.buffer ?? null, capture: this.#options.capture,
      identifyQueue: fleet.identifyQueue, sessions: fleet.sessions,
      hooks: {
        batch: (_id, batch) => this.#deliver(batch),
        lifecycle: (id, event) => this.#lifecycle(id, event),
        error: (id, error) => this.#events.emit('error', error, null) || this.#debug(error.message, id),
        exit: (id, exitCode) => this.#exited(worker, exitCode),
      },
    })
    this.#workers.set(workerId, worker)
    const { shardIds } = worker
    this.#events.emit('workerStart', { workerId, shardIds, thread: worker.thread })
    try {
      await worker.client.api.startShards(shardIds)
    } catch (error) {
      // A worker that died while starting is supervision's to restart; connect() waits on.
      if (!(error instanceof ShardwireError && error.code === 'WORKER_DIED')) throw error
    }
  }

  #fetchInformation(): Promise<GatewayInformation> {
    const { fetchGatewayInformation, token, apiBase } = this.#options
    return fetchUsableInformation(fetchGatewayInformation, token, apiBase)
  }

  // Forwarded text is parsed only if a listener reads `d`: a named listener always does.
  #deliver(batch: EventBatch): void {
    const all = this.#events.has('dispatch')
    for (const [shardId, forwarded] of batch) {
      const payload = readForwardedDispatch(forwarded)
      this.#delivered.note(shardId, payload)
      if (all) this.#events.emit('dispatch', payload, shardId)
      if (this.#events.has(payload.t)) this.#events.emit(payload.t, payload.d, shardId)
    }
  }

  #lifecycle(workerId: number, event: ShardLifecycleEvent): void {
    const { shardId } = event
    switch (event.type) {
      case 'ready':
        this.#waiting?.settle(shardId)
        this.#events.emit('shardReady', { shardId, workerId, sessionId: event.sessionId })
        break
      case 'resumed':
        this.#fleet?.identifyQueue.skip(shardId)
        this.#waiting?.settle(shardId)
        this.#events.emit('shardResumed', { shardId, workerId, replayed: event.replayed })
        break
      case 'close':
        this.#events.emit('shardClose', { shardId, workerId, code: event.code, reconnect: event.reconnect, reason: event.reason })
        break
      case 'status':
        if (event.status === 'closed' || event.status === 'fatal') this.#fleet?.identifyQueue.skip(shardId)
        this.#events.emit('shardStatus', { shardId, workerId, status: event.status, previous: event.previous })
        break
      case 'fenced':
        this.#debug(`shard ${shardId}'s lease lapsed before it could reconnect: its worker stopped it`, workerId)
        break
      case 'error': {
        const error = fromErrorData(event.error)
        if (error.code === 'SHARD_FATAL_CLOSE') this.#waiting?.settle(shardId, error)
        this.#events.emit('error', error, shardId)
        break
      }
    }
  }

  // Supervision: a worker that died unexpectedly is restarted after a backoff, up to a cap.
  #exited(worker: WorkerHandle, exitCode: number): void {
    const { workerId, shardIds } = worker
    const expected = this.#isDestroyed()
    this.#events.emit('workerExit', { workerId, exitCode, shardIds, expected })
    if (expected || this.#workers.get(workerId) !== worker) return
    for (const shardId of shardIds) this.#fleet?.identifyQueue.skip(shardId)
    const decision = this.#options.restartPolicy.decide(workerId, performance.now())
    if (!decision.restart) {
      const error = new ShardwireError('WORKER_RESTART_LIMIT', `Worker ${workerId} died ${decision.restarts + 1} times within the restart window; shards ${shardIds.join(', ')} stay down`)
      this.#events.emit('error', error, null)
      this.#waiting?.fail(error)
      return
    }
    this.#events.emit('workerRestart', { workerId, shardIds, attempt: decision.attempt, delayMs: decision.delayMs })
    const timer = setTimeout(() => {
      this.#restartTimers.delete(timer)
      if (this.#isDestroyed()) return
      this.#startWorker(workerId).catch((error: unknown) => this.#debug(`worker ${workerId} failed to restart: ${String(error)}`, workerId))
    }, decision.delayMs)
    this.#restartTimers.add(timer)
  }

  // A method, so that the compiler does not narrow the phase across awaits.
  #isDestroyed(): boolean {
    return this.#phase === 'destroyed'
  }

  #run<T>(shardId: number, call: (worker: WorkerHandle) => Promise<T>): Promise<T> {
    if (this.#isDestroyed()) return Promise.reject(destroyed())
    const workerId = this.#slotOf.get(shardId)
    const worker = workerId === undefined || this.#assigned.get(workerId)?.has(shardId) !== true ? undefined : this.#workers.get(workerId)
    if (worker === undefined) return Promise.reject(new ShardwireError('SHARD_NOT_FOUND', `This manager runs no shard ${String(shardId)}`))
    return call(worker)
  }

  #scheduleFilter(): void {
    if (this.#filterScheduled || this.#workers.size === 0) return
    this.#filterScheduled = true
    queueMicrotask(() => {
      this.#filterScheduled = false
      const filter = this.#events.filter()
      const key = JSON.stringify(filter)
      if (key === this.#filterKey) return
      this.#filterKey = key
      for (const worker of this.#workers.values()) {
        if (!worker.exited) worker.client.api.setEventFilter(filter).catch((error: unknown) => this.#debug(`worker ${worker.workerId} missed a filter change: ${String(error)}`, worker.workerId))
      }
    })
  }

  #debug(message: string, workerId?: number): boolean {
    return this.#events.emit('debug', { message, ...(workerId === undefined ? {} : { workerId }) })
  }
}

function destroyed(): ShardwireError {
  return new ShardwireError('MANAGER_DESTROYED', 'The manager was destroyed')
}
