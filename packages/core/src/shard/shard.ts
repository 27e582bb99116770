import { EventEmitter } from 'node:events'
import type { GatewayReadyDispatchData } from 'discord-api-types/v10'
import { createDecompressor } from '../compression/create-decompressor.js'
import type { Decompressor } from '../compression/decompressor.js'
import { InvalidOptionError, ShardwireError } from '../errors.js'
import type { OutgoingPayload } from './gateway-commands.js'
import { GatewaySocket } from './gateway-socket.js'
import { PayloadTimer, type PayloadTimings } from './payload-timings.js'
import { PendingCalls } from './pending-calls.js'
import { rethrowLater } from '../rethrow-later.js'
import { reportIdentifySent, requestIdentify } from './request-identify.js'
import { resolveShardOptions, type ResolvedShardOptions } from './resolve-shard-options.js'
import { SessionStore } from './session-store.js'
import type { ShardEffect, ShardMachineEvent, TimerName } from './shard-effect.js'
import type { ShardDispatch, ShardEventMap } from './shard-events.js'
import type { ReconnectMode, ShardInput } from './shard-input.js'
import { ShardMachine } from './shard-machine.js'
import type { ShardOptions } from './shard-options.js'
import { assertNever, linkOf, type ShardStatus } from './shard-state.js'
import { TimerSet } from './timer-set.js'

type WithoutNow<T> = T extends unknown ? Omit<T, 'now'> : never

/**
 * One gateway connection for `[shardId, shardCount]` that never gets stuck: it heartbeats,
 * detects zombies, resumes, backs off, respects the send and identify limits, and stops only
 * on a fatal close or `close()`. A thin adapter: every decision is the internal `ShardMachine`'s;
 * this class carries out its effects over `ws`, real timers, the encoding and a decompressor.
 *
 * @example
 * ```ts
 * const shard = new Shard({ token, shardId: 0, shardCount: 1, intents: 513 })
 * shard.on('dispatch', (payload) => { if (payload.t === 'MESSAGE_CREATE') console.log(payload.d.content) })
 * await shard.connect()
 * ```
 */
export class Shard extends EventEmitter<ShardEventMap> {
  /** This shard's id. */
  readonly id: number
  /** The bot's shard count. */
  readonly shardCount: number
  readonly #options: Omit<ResolvedShardOptions, 'machine'>
  readonly #machine: ShardMachine
  readonly #decompressor: Decompressor
  readonly #timers = new TimerSet<TimerName>()
  readonly #payloadTimer = new PayloadTimer()
  readonly #sessions: SessionStore
  readonly #sends = new PendingCalls<void>()
  readonly #pings = new PendingCalls<number>()
  readonly #connects = new PendingCalls<void>()
  readonly #closing = new Set<Promise<void>>()
  #socket: { readonly id: number; readonly socket: GatewaySocket } | null = null
  #identifyAbort: AbortController | null = null
  #inbox: ShardInput[] = []
  #running = false
  #latency = -1
  // Bumped by close(), so that a connect() still loading its session does not start afterwards.
  #generation = 0
  // The generation whose session is being loaded, so that connect() starts each generation once.
  #loading: number | null = null
  #fatalError: ShardwireError | null = null

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: ShardOptions) {
    super()
    const { machine, ...rest } = resolveShardOptions(options)
    this.id = machine.shardId
    this.shardCount = machine.shardCount
    this.#options = rest
    this.#machine = new ShardMachine(machine)
    this.#sessions = new SessionStore(this.id, { retrieve: rest.retrieveSessionInfo, update: rest.updateSessionInfo }, (error) => this.#emitError(error))
    this.#decompressor = createDecompressor(rest.compression, {
      maxMessageBytes: rest.maxMessageBytes,
      // JSON parses text directly; ETF needs the bytes.
      ...(rest.compression === 'none' ? {} : { output: rest.encoding.name === 'json' ? 'string' : 'bytes' }),
    })
  }

  /** What the shard is doing: `idle`, `connecting`, …, `ready`, `disconnected`, `fatal` or `closed`. */
  get status(): ShardStatus {
    return this.#machine.state.kind
  }

  /** The latency measured by the last heartbeat ACK, in milliseconds; -1 before the first. */
  get latency(): number {
    return this.#latency
  }

  /** User sends waiting for READY or for the rate limit. */
  get queuedSends(): number {
    return this.#machine.queuedSends
  }

  /** Time spent decompressing and decoding what this shard received, since it was created. */
  get payloadTimings(): PayloadTimings {
    return this.#payloadTimer.snapshot()
  }

  /**
   * Connects, resuming the session `retrieveSessionInfo` returns when it suits this shard.
   * Resolves once READY or RESUMED; keeps reconnecting through failures; rejects only on a
   * fatal close (`SHARD_FATAL_CLOSE`) or a `close()` first (`SHARD_CLOSED`).
   */
  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve()
    const { promise } = this.#connects.add()
    if (this.#isStopped() && this.#loading !== this.#generation) void this.#start()
    return promise
  }

  /**
   * Closes for good. 1000 (or 1001) ends the session; any other code (3000 to 4999) keeps it
   * resumable and saves it, so a later `connect()` resumes. Waiting sends reject with
   * `SHARD_CLOSED`. Resolves once the socket is closed and the session saved.
   * @throws InvalidOptionError when `code` cannot be sent in a close frame
   */
  async close(code = 1000): Promise<void> {
    if (!(code === 1000 || code === 1001 || (Number.isInteger(code) && code >= 3000 && code <= 4999))) {
      throw new InvalidOptionError('code', `expected 1000, 1001 or an integer from 3000 to 4999, got ${String(code)}`)
    }
    this.#generation++
    this.#feed({ type: 'close', code })
    // Let a close queued behind a running input take effect before waiting.
    await Promise.resolve()
    await Promise.all([...this.#closing, this.#sessions.flushed()])
  }

  /** Drops the connection and reconnects at once: `resume` keeps the session, `reidentify` starts a fresh one. */
  reconnect(mode: ReconnectMode = 'resume'): void {
    if (mode !== 'resume' && mode !== 'reidentify') {
      throw new InvalidOptionError('mode', `expected 'resume' or 'reidentify', got ${String(mode)}`)
    }
    this.#feed({ type: 'reconnect', mode })
  }

  /**
   * Sends a payload (presence update, voice state, request guild members…). It waits for
   * READY and for the rate limit (120 per 60 s, with room kept for heartbeats) and survives
   * resumes. Resolves once written to the socket. Rejects with `PAYLOAD_TOO_LARGE` (over 4096
   * bytes encoded), `PAYLOAD_UNENCODABLE`, `SEND_QUEUE_FULL`, `SHARD_CLOSED`, or
   * `SHARD_NOT_CONNECTED` when the socket closed as it was written.
   */
  send(payload: OutgoingPayload): Promise<void> {
    if (typeof payload !== 'object' || payload === null || !Number.isInteger(payload.op)) {
      return Promise.reject(new InvalidOptionError('payload', 'expected a gateway payload `{ op, d }` with an integer `op`'))
    }
    // Heartbeat, identify and resume belong to the shard: a user's copy would break the
    // heartbeat accounting or the session (use ping(), connect() and reconnect() instead).
    if (payload.op === 1 || payload.op === 2 || payload.op === 6) {
      return Promise.reject(new InvalidOptionError('payload.op', `op ${payload.op} is sent by the shard itself; use ping(), connect() or reconnect()`))
    }
    const { key, promise } = this.#sends.add()
    this.#feed({ type: 'send', payload: { op: payload.op, d: payload.d }, ticket: key })
    return promise
  }

  /**
   * Measures the latency now: sends a heartbeat and resolves with the milliseconds until its
   * ACK. Rejects with `SHARD_NOT_CONNECTED` without a live connection, or when it closes first.
   */
  ping(): Promise<number> {
    if (linkOf(this.#machine.state) === null) {
      return Promise.reject(new ShardwireError('SHARD_NOT_CONNECTED', `Shard ${this.id} has no connection to ping`))
    }
    const { promise } = this.#pings.add()
    this.#feed({ type: 'ping' })
    return promise
  }

  #isStopped(): boolean {
    const { status } = this
    return status === 'idle' || status === 'closed' || status === 'fatal'
  }

  async #start(): Promise<void> {
    const generation = this.#generation
    this.#loading = generation
    const session = await this.#sessions.retrieve()
    // A close() while loading ended this generation; a later connect() started its own.
    if (generation !== this.#generation) return
    this.#loading = null
    this.#fatalError = null
    this.#feed({ type: 'start', session })
  }

  // Inputs raised while effects are being carried out (a listener calling send()) wait their
  // turn, so effects always leave in the order the machine produced them.
  #feed(input: WithoutNow<ShardInput>): void {
    this.#inbox.push({ ...input, now: performance.now() } as ShardInput)
    if (this.#running) return
    this.#running = true
    try {
      for (let next = this.#inbox.shift(); next !== undefined; next = this.#inbox.shift()) {
        for (const effect of this.#machine.handle(next)) this.#apply(effect)
      }
    } finally {
      this.#running = false
    }
  }

  #apply(effect: ShardEffect): void {
    switch (effect.type) {
      case 'connect':
        this.#open(effect.connection, effect.url)
        break
      case 'send':
        this.#write(effect)
        break
      case 'close':
        if (this.#socket?.id === effect.connection) {
          const closing = this.#socket.socket.close(effect.code, this.#options.closeTimeoutMs)
          this.#socket = null
          this.#closing.add(closing)
          void closing.then(() => this.#closing.delete(closing))
        }
        break
      case 'set-timer': {
        const { name } = effect
        this.#timers.set(name, effect.ms, () => this.#feed({ type: 'timer', name }))
        break
      }
      case 'clear-timer':
        this.#timers.clear(effect.name)
        break
      case 'request-identify': {
        this.#identifyAbort?.abort()
        const { identifyQueue, identifyTimeoutMs } = this.#options
        const controller = requestIdentify(identifyQueue, this.id, identifyTimeoutMs, (outcome) => {
          if (this.#identifyAbort === controller) this.#identifyAbort = null
          this.#feed(outcome.granted ? { type: 'identify-granted' } : { type: 'identify-failed', error: outcome.error })
        })
        this.#identifyAbort = controller
        break
      }
      case 'cancel-identify':
        this.#identifyAbort?.abort()
        this.#identifyAbort = null
        break
      case 'save-session':
        this.#sessions.save(effect.info)
        break
      case 'reject-send':
        this.#sends.settle(effect.ticket, { error: effect.error })
        break
      case 'emit':
        this.#notify(effect.event)
        break
      default:
        assertNever(effect)
    }
  }

  #open(connection: number, url: string): void {
    const socket = new GatewaySocket(url, this.#decompressor, this.#options.encoding, {
      open: () => this.#feed({ type: 'socket-opened', connection }),
      message: (payload) => {
        if (this.listenerCount('receive') > 0) this.#emitSafe('receive', payload, this.id)
        this.#feed({ type: 'message', connection, payload })
      },
      invalid: (error) => this.#feed({ type: 'decode-failed', connection, error }),
      ...(this.#options.onFrame === null ? {} : { frame: (data: string | Uint8Array) => this.#tapFrame(data, connection) }),
      closed: (code) => {
        if (this.#socket?.id === connection) this.#socket = null
        this.#feed({ type: 'socket-closed', connection, code })
      },
    }, this.#payloadTimer)
    this.#socket = { id: connection, socket }
  }

  #write(effect: Extract<ShardEffect, { type: 'send' }>): void {
    const { ticket } = effect
    const done = (error?: Error | null): void => {
      if (ticket === null) return
      // Node's stream callbacks report success as null or undefined.
      this.#sends.settle(ticket, error === undefined || error === null
        ? { value: undefined }
        : { error: new ShardwireError('SHARD_NOT_CONNECTED', `Shard ${this.id}'s socket closed as a payload was written`, { cause: error }) })
    }
    if (this.#socket === null) {
      done(new Error('no socket'))
      return
    }
    this.#socket.socket.send(effect.data, done)
    if (effect.payload.op === 2) reportIdentifySent(this.#options.identifyQueue, this.id)
    if (this.listenerCount('send') > 0) this.#emitSafe('send', effect.payload, this.id)
  }

  #notify(event: ShardMachineEvent): void {
    const shardId = this.id
    switch (event.name) {
      case 'status':
        this.#emitSafe('status', { shardId, status: event.status, previous: event.previous })
        if (event.status === 'ready') this.#connects.settleAll({ value: undefined })
        else if (event.status === 'closed') this.#connects.settleAll({ error: new ShardwireError('SHARD_CLOSED', `Shard ${shardId} was closed before it was ready`) })
        else if (event.status === 'fatal') this.#connects.settleAll({ error: this.#fatalError ?? new ShardwireError('SHARD_CLOSED', `Shard ${shardId} stopped`) })
        break
      case 'open':
        this.#emitSafe('open', { shardId, url: event.url })
        break
      case 'close': {
        this.#pings.settleAll({ error: new ShardwireError('SHARD_NOT_CONNECTED', `Shard ${shardId}'s connection closed before the heartbeat ACK`) })
        this.#emitSafe('close', { shardId, code: event.code, reconnect: event.reconnect, reason: event.reason })
        break
      }
      case 'error':
        if (event.error.code === 'SHARD_FATAL_CLOSE') this.#fatalError = event.error
        this.#emitError(event.error)
        break
      case 'ready':
        this.#emitSafe('ready', { shardId, sessionId: event.sessionId, resumeUrl: event.resumeUrl, data: event.payload.d as GatewayReadyDispatchData })
        break
      case 'resumed':
        this.#emitSafe('resumed', { shardId, replayed: event.replayed })
        break
      case 'dispatch':
        this.#emitSafe('dispatch', event.payload as ShardDispatch, shardId)
        break
      case 'heartbeat': {
        this.#latency = event.latency
        this.#pings.settleAll({ value: event.latency })
        this.#emitSafe('heartbeat', { shardId, latency: event.latency })
        break
      }
      case 'debug':
        if (this.listenerCount('debug') > 0) this.#emitSafe('debug', { shardId, message: event.message, op: event.op, sequence: event.sequence })
        break
      default:
        assertNever(event)
    }
  }

  // Like a listener, a throwing onFrame hook must not break the connection it watches.
  #tapFrame(data: string | Uint8Array, connection: number): void {
    try {
      this.#options.onFrame?.(data, connection)
    } catch (error) {
      rethrowLater(error)
    }
  }

  // 'error' has a special meaning for EventEmitter (throw when unheard); a shard's errors are
  // also visible in its status and in connect(), so an unheard one is dropped instead.
  #emitError(error: ShardwireError): void {
    if (this.listenerCount('error') > 0) this.#emitSafe('error', error)
  }

  // A listener that throws must not leave the machine half-applied: its error is rethrown
  // outside the shard's own call stack, as an uncaught exception of the listener.
  #emitSafe<E extends keyof ShardEventMap>(name: E, ...args: ShardEventMap[E]): void {
    try {
      ;(this.emit as (name: E, ...args: ShardEventMap[E]) => boolean)(name, ...args)
    } catch (error) {
      rethrowLater(error)
    }
  }
}
