import { EventEmitter } from 'node:events'
import { InvalidOptionError, ShardwireError } from '@shardwire/core'
import type { CorpusGuild } from './corpus/corpus-guild.js'
import { createRandom, seedFromString } from './corpus/random.js'
import { FaultInjector } from './faults/fault-injector.js'
import { createBotIdentity } from './gateway/bot-identity.js'
import type { GatewayContext } from './gateway/gateway-context.js'
import { GatewayServer, resumePath } from './gateway/gateway-server.js'
import { GuildDirectory } from './guilds/guild-directory.js'
import { LoadGenerator } from './load/load-generator.js'
import { Recorder, type SimulatorRecords } from './records/recorder.js'
import { createRestHandler } from './rest/rest-handler.js'
import { shardForGuild } from './rules/guild-routing.js'
import { IdentifyLimiter } from './rules/identify-limiter.js'
import { SessionStartBudget, type SessionStartLimit } from './rules/session-start-budget.js'
import { SessionStore } from './sessions/session-store.js'
import type { SimulatorEventMap } from './simulator-events.js'
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from './simulator-options.js'

/** Options of {@link GatewaySimulator.restart}. */
export interface RestartOptions {
  /**
   * How long the server stays down.
   * @defaultValue 0
   */
  downtimeMs?: number
  /**
   * Whether sessions survive, so clients can resume after the restart.
   * @defaultValue true
   */
  keepSessions?: boolean
}

/** Which sessions {@link GatewaySimulator.dispatch} reaches; every live session when empty. */
export interface DispatchTarget {
  /** Only sessions on this shard id. */
  readonly shard?: number
  /** Route as Discord does: to sessions whose shard owns the guild, `(guild_id >> 22) % num_shards`. */
  readonly guildId?: string
  /** A direct-message event: shard 0 only, where Discord sends DMs. */
  readonly dm?: boolean
}

/**
 * A running simulator: its URLs, records, fault API and load generator. An `EventEmitter`
 * of {@link SimulatorEventMap}. Create one with {@link startSimulator}.
 */
export class GatewaySimulator extends EventEmitter<SimulatorEventMap> {
  /** The options in effect, defaults filled in. */
  readonly options: ResolvedOptions
  /** What the simulator observed. */
  readonly records: SimulatorRecords
  /** Inject faults now, later or at random. */
  readonly faults: FaultInjector
  /** Send seeded traffic. */
  readonly load: LoadGenerator
  readonly #ctx: GatewayContext
  readonly #server: GatewayServer
  readonly #guilds: GuildDirectory
  #closed = false
  #restarting: Promise<void> | null = null

  /** Use {@link startSimulator}; this does not listen. */
  constructor(options: SimulatorOptions = {}) {
    super()
    const resolved = resolveOptions(options)
    this.options = resolved
    const { clock, seed } = resolved
    const recorder = new Recorder(this)
    this.records = recorder
    this.#guilds = new GuildDirectory({
      seed,
      count: resolved.guilds,
      large: resolved.largeGuilds,
      size: resolved.guildSize,
      shards: resolved.shards,
    })
    const budget = new SessionStartBudget({
      total: resolved.sessionStartLimit.total,
      remaining: resolved.sessionStartLimit.remaining,
      resetAfterMs: resolved.sessionStartLimit.resetAfterMs,
      maxConcurrency: resolved.maxConcurrency,
      now: clock.now(),
    })
    this.#ctx = {
      options: resolved,
      recorder,
      sessions: new SessionStore(resolved.resumeWindowMs, createRandom(seedFromString(`sessions:${seed}`))),
      limiter: new IdentifyLimiter(resolved.maxConcurrency, resolved.identifyWindowMs),
      budget,
      guilds: this.#guilds,
      bot: createBotIdentity(seed),
      random: createRandom(seedFromString(`faults:${seed}`)),
      resumeGatewayUrl: () => this.resumeGatewayUrl,
      onDispatch: (session, entry) => {
        if (this.listenerCount('dispatch') > 0) this.emit('dispatch', { sessionId: session.id, s: entry.s, t: entry.t })
      },
      emitReady: (event) => this.emit('ready', event),
      connection: (id) => this.#server.connection(id),
    }
    const rest = createRestHandler({
      token: resolved.token,
      shards: resolved.shards,
      budget,
      clock,
      gatewayUrl: () => this.gatewayUrl,
    })
    this.#server = new GatewayServer(this.#ctx, rest)
    this.faults = new FaultInjector({
      recorder,
      clock,
      connections: () => this.#server.connections(),
      restart: (downtimeMs) => this.restart({ downtimeMs }),
      closed: () => this.#closed,
    })
    this.load = new LoadGenerator({
      clock,
      guilds: this.#guilds,
      seed,
      liveSessions: () => this.#ctx.sessions.live(clock.now()),
      cork: (sessions) => {
        const ids = new Set(sessions.map((session) => (session.state.kind === 'attached' ? session.state.sink.connectionId : -1)))
        const writers = this.#server.connections().filter((connection) => ids.has(connection.connectionId)).map((connection) => connection.writer)
        for (const writer of writers) writer.cork()
        return () => {
          for (const writer of writers) writer.uncork()
        }
      },
      closed: () => this.#closed,
    })
  }

  /** Starts listening. `startSimulator` calls this. */
  async listen(): Promise<this> {
    await this.#server.listen()
    return this
  }

  /** The port REST and the gateway listen on. */
  get port(): number {
    return this.#server.port
  }

  /** Base of the REST API, e.g. `http://127.0.0.1:1234/api/v10`. */
  get restUrl(): string {
    return `http://${this.options.host}:${this.port}/api/v10`
  }

  /** The gateway URL `GET /gateway/bot` hands out (no trailing slash, like Discord's). */
  get gatewayUrl(): string {
    return `ws://${this.options.host}:${this.port}`
  }

  /** The `resume_gateway_url` READY hands out. */
  get resumeGatewayUrl(): string {
    return `ws://${this.options.host}:${this.port}${resumePath}`
  }

  /** The bot's guilds. */
  get guilds(): readonly CorpusGuild[] {
    return this.#guilds.guilds
  }

  /** The session start budget, as `GET /gateway/bot` reports it now. */
  sessionStartLimit(): SessionStartLimit {
    return this.#ctx.budget.snapshot(this.options.clock.now())
  }

  /**
   * Sends one dispatch to the live sessions `target` selects, each with its own next
   * sequence. Returns how many sessions took it (intents may filter it out).
   * @throws ShardwireError `SIMULATOR_CLOSED` after `close()`
   */
  dispatch(t: string, d: unknown, target: DispatchTarget = {}): number {
    if (this.#closed) throw new ShardwireError('SIMULATOR_CLOSED', 'Cannot dispatch: the simulator is closed')
    let reached = 0
    for (const session of this.#ctx.sessions.live(this.options.clock.now())) {
      const [shardId, shardCount] = session.shard
      if (target.shard !== undefined && shardId !== target.shard) continue
      if (target.dm === true && shardId !== 0) continue
      if (target.guildId !== undefined && shardForGuild(target.guildId, shardCount) !== shardId) continue
      if (session.dispatch(t, d) !== null) reached++
    }
    return reached
  }

  /**
   * Restarts the whole server: every socket dropped without a close frame, no listening for
   * `downtimeMs`, then the same port again. Sessions survive unless `keepSessions` is false.
   * @throws ShardwireError `SIMULATOR_CLOSED` after `close()`
   * @throws InvalidOptionError for a negative or non-finite `downtimeMs`
   */
  async restart(options: RestartOptions = {}): Promise<void> {
    if (this.#closed) throw new ShardwireError('SIMULATOR_CLOSED', 'Cannot restart: the simulator is closed')
    const downtimeMs = options.downtimeMs ?? 0
    if (typeof downtimeMs !== 'number' || !Number.isFinite(downtimeMs) || downtimeMs < 0) {
      throw new InvalidOptionError('downtimeMs', `expected a number of milliseconds >= 0, got ${String(downtimeMs)}`)
    }
    if (this.#restarting !== null) return this.#restarting
    const run = async (): Promise<void> => {
      const clock = this.options.clock
      await this.#server.stop()
      if (options.keepSessions === false) this.#ctx.sessions.endAll(clock.now(), 'server restarted')
      this.emit('restart', { at: clock.now(), phase: 'down' })
      if (downtimeMs > 0) await new Promise((resolve) => setTimeout(resolve, downtimeMs))
      if (this.#closed) return
      await this.#server.listen()
      this.emit('restart', { at: clock.now(), phase: 'up' })
    }
    this.#restarting = run().finally(() => (this.#restarting = null))
    return this.#restarting
  }

  /** Stops load and faults, drops every socket and stops listening. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.load.stopAll()
    this.faults.cancelAll()
    await this.#restarting?.catch(() => undefined)
    await this.#server.stop()
    this.#ctx.sessions.endAll(this.options.clock.now(), 'simulator closed')
  }
}

/**
 * Starts a simulator on loopback and resolves once it listens.
 * @throws InvalidOptionError on a bad option
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<GatewaySimulator> {
  return new GatewaySimulator(options).listen()
}
