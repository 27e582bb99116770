import { InvalidOptionError, ShardwireError } from '@shardwire/core'
import type { Clock } from '../clock.js'
import { defaultMix } from '../corpus/mixed-stream.js'
import type { GuildDirectory } from '../guilds/guild-directory.js'
import type { Session } from '../sessions/session.js'
import { compileMix, ShardStream, type CompiledMix, type LoadMix } from './shard-stream.js'

/** Options of {@link LoadGenerator.start}. */
export interface LoadOptions {
  /** Events per second sent to each shard. */
  readonly ratePerShard: number
  /**
   * Seed of the streams.
   * @defaultValue the simulator's seed
   */
  readonly seed?: number
  /**
   * Relative weight of each event.
   * @defaultValue the corpus's `defaultMix` (no GUILD_CREATE)
   */
  readonly mix?: LoadMix
  /** Extra events sent to every shard at once, every `everyMs`. */
  readonly burst?: { readonly everyMs: number; readonly size: number }
  /**
   * Stop after this long.
   * @defaultValue until `stop()`
   */
  readonly durationMs?: number
  /**
   * How often due events are sent.
   * @defaultValue 20
   */
  readonly tickMs?: number
}

/** A running load. */
export interface LoadRun {
  /** Events sent so far (one per shard stream event, however many sessions got it). */
  readonly sent: number
  /** Resolves when the run stops (duration elapsed or `stop()`). */
  readonly done: Promise<void>
  /** Stops sending now; `done` resolves. Safe to call more than once. */
  stop(): void
}

/** What the load generator sends through. */
export interface LoadHost {
  readonly clock: Clock
  readonly guilds: GuildDirectory
  readonly seed: number
  /** Sessions that still receive dispatches. */
  liveSessions(): Session[]
  /** Holds the writes of these sessions' connections until the returned function is called (see `FrameWriter.cork`). */
  cork(sessions: readonly Session[]): () => void
  closed(): boolean
}

const shardKey = (session: Session): string => `${session.shard[0]}/${session.shard[1]}`

/**
 * Sends seeded, Discord-shaped dispatches to every live session, per shard, at a rate, with
 * bursts. Each `[shard_id, num_shards]` has its own stream, so a shard gets the same events
 * for the same seed however it is timed; sessions of the same shard get the same events.
 */
export class LoadGenerator {
  readonly #host: LoadHost
  readonly #runs = new Set<() => void>()
  #manual: { readonly mix: CompiledMix; readonly streams: Map<string, ShardStream> } | null = null

  constructor(host: LoadHost) {
    this.#host = host
  }

  #streamFor(streams: Map<string, ShardStream>, seed: number, mix: CompiledMix, session: Session): ShardStream {
    const key = shardKey(session)
    let stream = streams.get(key)
    if (stream === undefined) {
      stream = new ShardStream(seed, session.shard, this.#host.guilds.owned(session.shard[0], session.shard[1]), mix)
      streams.set(key, stream)
    }
    return stream
  }

  // Sends `count` events of each shard's stream to every live session of that shard.
  #send(streams: Map<string, ShardStream>, seed: number, mix: CompiledMix, sessions: Session[], key: string, count: number): number {
    const targets = sessions.filter((session) => shardKey(session) === key)
    if (targets.length === 0) return 0
    const stream = this.#streamFor(streams, seed, mix, targets[0] as Session)
    let sent = 0
    // One write per shard per tick, as a busy server's TCP stack would coalesce them.
    const uncork = this.#host.cork(targets)
    for (let i = 0; i < count; i++) {
      const event = stream.next()
      if (event === null) break
      for (const session of targets) session.dispatch(event.t, event.d)
      sent++
    }
    uncork()
    return sent
  }

  /**
   * Sends `count` events to each live shard right now (or only to `shard`), continuing one
   * seeded stream per shard across calls. Returns the events sent per shard, summed.
   * @throws ShardwireError `SIMULATOR_CLOSED` after `close()`
   */
  emit(count: number, options: { shard?: number } = {}): number {
    if (this.#host.closed()) throw new ShardwireError('SIMULATOR_CLOSED', 'Cannot emit load: the simulator is closed')
    this.#manual ??= { mix: compileMix(defaultMix), streams: new Map() }
    const sessions = this.#host.liveSessions().filter((s) => options.shard === undefined || s.shardId === options.shard)
    let sent = 0
    for (const key of new Set(sessions.map(shardKey))) {
      sent += this.#send(this.#manual.streams, this.#host.seed, this.#manual.mix, sessions, key, count)
    }
    return sent
  }

  /**
   * Starts sending at `ratePerShard` events per second to each live shard.
   * @throws InvalidOptionError on a bad rate, mix, burst, duration or tick
   * @throws ShardwireError `SIMULATOR_CLOSED` after `close()`
   */
  start(options: LoadOptions): LoadRun {
    if (this.#host.closed()) throw new ShardwireError('SIMULATOR_CLOSED', 'Cannot start load: the simulator is closed')
    const { ratePerShard, burst, durationMs, tickMs = 20 } = options
    if (!(Number.isFinite(ratePerShard) && ratePerShard >= 0)) throw new InvalidOptionError('ratePerShard', 'expected a number >= 0')
    if (burst !== undefined && !(burst.everyMs > 0 && Number.isSafeInteger(burst.size) && burst.size >= 0)) {
      throw new InvalidOptionError('burst', 'expected `everyMs` > 0 and an integer `size` >= 0')
    }
    if (durationMs !== undefined && !(durationMs >= 0)) throw new InvalidOptionError('durationMs', 'expected a number >= 0')
    if (!(Number.isFinite(tickMs) && tickMs >= 1)) throw new InvalidOptionError('tickMs', 'expected a number >= 1')
    const mix = compileMix(options.mix ?? defaultMix)
    const seed = options.seed ?? this.#host.seed
    const clock = this.#host.clock
    const streams = new Map<string, ShardStream>()
    // Per shard: when it started receiving (the run's start, or when it first went live
    // later, so a late shard gets no backlog) and how many events it was owed so far.
    const started = new Map<string, { at: number; sent: number }>()
    const runStart = clock.now()
    for (const session of this.#host.liveSessions()) started.set(shardKey(session), { at: runStart, sent: 0 })
    let sent = 0
    let resolveDone!: () => void
    const done = new Promise<void>((resolve) => (resolveDone = resolve))

    const tick = (): void => {
      if (this.#host.closed()) return stop()
      const now = clock.now()
      const sessions = this.#host.liveSessions()
      for (const key of new Set(sessions.map(shardKey))) {
        let progress = started.get(key)
        if (progress === undefined) started.set(key, (progress = { at: now, sent: 0 }))
        const elapsed = now - progress.at
        const bursts = burst === undefined ? 0 : Math.floor(elapsed / burst.everyMs) * burst.size
        const due = Math.floor((elapsed * ratePerShard) / 1000) + bursts - progress.sent
        if (due <= 0) continue
        const count = this.#send(streams, seed, mix, sessions, key, due)
        // A shard without guilds cannot take guild events; it is not owed them later either.
        progress.sent += due
        sent += count
      }
      if (durationMs !== undefined && now - runStart >= durationMs) stop()
    }
    const timer = setInterval(tick, tickMs)
    const stop = (): void => {
      clearInterval(timer)
      this.#runs.delete(stop)
      resolveDone()
    }
    this.#runs.add(stop)
    return {
      get sent() {
        return sent
      },
      done,
      stop,
    }
  }

  /** Stops every run. */
  stopAll(): void {
    for (const stop of [...this.#runs]) stop()
  }
}
