import { InvalidOptionError, ShardwireError } from '@shardwire/core'
import type { Clock } from '../clock.js'
import { createRandom } from '../corpus/random.js'
import type { GatewayConnection } from '../gateway/gateway-connection.js'
import type { FaultTarget } from '../records/record-types.js'
import type { Recorder } from '../records/recorder.js'
import { isSendableCloseCode } from '../rules/close-codes.js'
import { assertFault, type Fault } from './fault.js'

/** What the injector acts on. */
export interface FaultHost {
  readonly recorder: Recorder
  readonly clock: Clock
  /** Open connections. */
  connections(): GatewayConnection[]
  /** Restarts the whole server. */
  restart(downtimeMs: number): Promise<void>
  /** Whether the simulator has been closed. */
  closed(): boolean
}

/** A fault waiting for its time. */
export interface ScheduledFault {
  /** Stops it from firing. */
  cancel(): void
}

/** Options of {@link FaultInjector.random}. */
export interface RandomFaultOptions {
  /** Seed of the picks and delays: the same seed gives the same faults in the same order. */
  readonly seed: number
  /** The faults to draw from, uniformly. */
  readonly faults: readonly Fault[]
  /** Delay between faults, drawn uniformly from `[min, max]` milliseconds. */
  readonly intervalMs: { readonly min: number; readonly max: number }
  /**
   * Shards to aim at, drawn uniformly; every connection at once when absent.
   * @defaultValue all connections
   */
  readonly shards?: readonly number[]
  /**
   * Stop after this many faults.
   * @defaultValue unlimited
   */
  readonly count?: number
}

/** A running {@link FaultInjector.random} schedule. */
export interface RandomFaults {
  /** Faults injected so far. */
  readonly injected: number
  /** Stops the schedule; the pending fault never fires. */
  stop(): void
}

/**
 * The fault API: inject a fault now, at a later time, or at seeded random times, on one
 * shard's connections or on all of them. Every fault is recorded and emitted.
 */
export class FaultInjector {
  readonly #host: FaultHost
  readonly #timers = new Set<NodeJS.Timeout>()

  constructor(host: FaultHost) {
    this.#host = host
  }

  /**
   * Injects a fault now and returns how many connections it hit (0 for `restart`, which
   * runs in the background; use `sim.restart()` to await it).
   * @throws ShardwireError `SIMULATOR_CLOSED` after `close()`
   * @throws InvalidOptionError for an unknown fault kind, a bad field (a negative `ms`, say),
   *   or a close code no close frame can carry
   */
  inject(fault: Fault, target: FaultTarget = {}): number {
    if (this.#host.closed()) throw new ShardwireError('SIMULATOR_CLOSED', 'Cannot inject a fault: the simulator is closed')
    assertFault(fault)
    if (fault.kind === 'close' && !isSendableCloseCode(fault.code)) {
      throw new InvalidOptionError('code', `expected 1000-1014 (not 1004-1006) or 3000-4999, got ${String(fault.code)}; use the drop fault for 1006`)
    }
    const at = this.#host.clock.now()
    if (fault.kind === 'restart') {
      this.#host.recorder.fault({ at, fault, target: {}, connectionIds: [] })
      void this.#host.restart(fault.downtimeMs ?? 0).catch(() => undefined)
      return 0
    }
    const hit = this.#host
      .connections()
      .filter((connection) => target.shard === undefined || connection.shardId === target.shard)
    this.#host.recorder.fault({ at, fault, target, connectionIds: hit.map((c) => c.connectionId) })
    for (const connection of hit) connection.applyFault(fault)
    return hit.length
  }

  /** Destroys the TCP socket with no close frame. */
  drop(target?: FaultTarget): number {
    return this.inject({ kind: 'drop' }, target)
  }

  /** Closes with `code` (fatal codes included). */
  close(code: number, target?: FaultTarget & { reason?: string }): number {
    return this.inject({ kind: 'close', code, ...(target?.reason === undefined ? {} : { reason: target.reason }) }, target)
  }

  /** Sends op 7 Reconnect. */
  reconnect(target?: FaultTarget): number {
    return this.inject({ kind: 'reconnect' }, target)
  }

  /** Sends op 9 with `d: resumable`. */
  invalidSession(resumable: boolean, target?: FaultTarget): number {
    return this.inject({ kind: 'invalid-session', resumable }, target)
  }

  /** Sends op 1: the client must heartbeat at once. */
  requestHeartbeat(target?: FaultTarget): number {
    return this.inject({ kind: 'request-heartbeat' }, target)
  }

  /** Stops acknowledging heartbeats. */
  zombie(target?: FaultTarget): number {
    return this.inject({ kind: 'zombie' }, target)
  }

  /** Freezes the sockets for `ms` (forever when absent). */
  stall(ms?: number, target?: FaultTarget): number {
    return this.inject(ms === undefined ? { kind: 'stall' } : { kind: 'stall', ms }, target)
  }

  /** Sends a frame the client's decompressor must reject. */
  corruptFrame(target?: FaultTarget): number {
    return this.inject({ kind: 'corrupt-frame' }, target)
  }

  /** Sends a well-compressed but malformed payload. */
  malformedPayload(target?: FaultTarget): number {
    return this.inject({ kind: 'malformed-payload' }, target)
  }

  /** Reads the client slowly, `delayMs` per message. */
  slowConsumer(delayMs: number, target?: FaultTarget): number {
    return this.inject({ kind: 'slow-consumer', delayMs }, target)
  }

  /**
   * Injects `fault` after `afterMs` milliseconds.
   * @throws InvalidOptionError for an invalid fault or delay
   */
  schedule(fault: Fault, options: { afterMs: number; target?: FaultTarget }): ScheduledFault {
    assertFault(fault)
    if (!isDelay(options?.afterMs)) throw new InvalidOptionError('afterMs', `expected a number of milliseconds >= 0, got ${String(options?.afterMs)}`)
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      if (!this.#host.closed()) this.inject(fault, options.target)
    }, options.afterMs)
    this.#timers.add(timer)
    return {
      cancel: () => {
        clearTimeout(timer)
        this.#timers.delete(timer)
      },
    }
  }

  /**
   * Injects faults drawn from `options.faults` at seeded random intervals.
   * @throws InvalidOptionError on an empty or invalid fault list, a bad interval, seed, count or shard list
   */
  random(options: RandomFaultOptions): RandomFaults {
    if (!Array.isArray(options.faults) || options.faults.length === 0) throw new InvalidOptionError('faults', 'expected at least one fault')
    for (const fault of options.faults) assertFault(fault)
    if (!Number.isSafeInteger(options.seed)) throw new InvalidOptionError('seed', `expected an integer, got ${String(options.seed)}`)
    if (options.count !== undefined && !(Number.isSafeInteger(options.count) && options.count >= 0)) {
      throw new InvalidOptionError('count', `expected an integer >= 0, got ${String(options.count)}`)
    }
    if (options.shards !== undefined && !(Array.isArray(options.shards) && options.shards.length > 0 && options.shards.every((n) => Number.isSafeInteger(n) && n >= 0))) {
      throw new InvalidOptionError('shards', 'expected a non-empty array of shard ids')
    }
    const { min, max } = options.intervalMs ?? { min: Number.NaN, max: Number.NaN }
    if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && max >= min)) {
      throw new InvalidOptionError('intervalMs', `expected 0 <= min <= max, got ${min}..${max}`)
    }
    const random = createRandom(options.seed)
    let injected = 0
    let current: ScheduledFault | null = null
    let stopped = false
    const next = (): void => {
      if (stopped || (options.count !== undefined && injected >= options.count)) return
      const delay = min + Math.floor(random.next() * (max - min + 1))
      const fault = random.pick(options.faults)
      const shard = options.shards === undefined ? undefined : random.pick(options.shards)
      const timer = setTimeout(() => {
        this.#timers.delete(timer)
        if (stopped || this.#host.closed()) return
        injected++
        this.inject(fault, shard === undefined ? {} : { shard })
        next()
      }, delay)
      this.#timers.add(timer)
      current = { cancel: () => (clearTimeout(timer), this.#timers.delete(timer)) }
    }
    next()
    return {
      get injected() {
        return injected
      },
      stop: () => {
        stopped = true
        current?.cancel()
      },
    }
  }

  /** Cancels every pending scheduled and random fault. */
  cancelAll(): void {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }
}

function isDelay(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}
