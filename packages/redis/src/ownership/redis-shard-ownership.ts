import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import { rethrowLater, ShardwireError } from '@shardwire/core'
import { closeRedis, openRedis } from '../open-redis.js'
import { defineOwnershipCommands, type OwnershipCommands } from './ownership-scripts.js'
import { planOwnership, type OwnershipSnapshot } from './plan-ownership.js'
import { resolveRedisShardOwnershipOptions, type RedisShardOwnershipOptions, type ResolvedRedisShardOwnershipOptions } from './redis-shard-ownership-options.js'
import type { LeaseLossReason, ShardOwnership, ShardOwnershipEvents } from './shard-ownership.js'

interface Lease {
  readonly token: number
  /** When the local safety rule stops the shard, on the monotonic clock. */
  deadline: number
  timer: NodeJS.Timeout | undefined
  handingOver: boolean
}

/**
 * A {@link ShardOwnership} through Redis. Each member heartbeats into a sorted set, holds its shards
 * as leases that expire on Redis's clock, and renews them every `renewIntervalMs`:
 *
 * - **Fencing**: every claim increments the shard's counter and the new value is the lease's token;
 *   a renewal or release with a stale token changes nothing (one Lua script each), and the member
 *   hears `lost(shardId, 'fenced')`.
 * - **Local safety rule**: a shard is stopped (`lost(shardId, 'deadline')`) at
 *   `lastRenewalSentAt + leaseMs - safetyMarginMs` on the local monotonic clock when no renewal
 *   succeeded since, so a paused process or a partition stops its shard before Redis lets anyone
 *   else claim it. A lost lease is never released: it expires, after the shard was stopped.
 * - **Gradual rebalancing** ({@link planOwnership}): a member below its fair share claims free shards,
 *   then asks owners above theirs (a request key the owner reads on its next step). The owner emits
 *   `handover`, awaits `beforeRelease` (a resumable close and a session save), then releases the lease
 *   reserved for the asker, which claims it and resumes the session.
 *
 * @example
 * ```ts
 * const ownership = await RedisShardOwnership.connect({ url: 'redis://127.0.0.1:6379/0', keyPrefix: 'mybot:', plan: { shardCount: 24 } })
 * ownership.on('claimed', (shardId, token) => startShard(shardId))
 * ownership.on('lost', (shardId) => stopShardNow(shardId))
 * ownership.start()
 * ```
 */
export class RedisShardOwnership extends EventEmitter<ShardOwnershipEvents> implements ShardOwnership {
  readonly memberId: string
  readonly #options: ResolvedRedisShardOwnershipOptions
  readonly #redis: Redis & OwnershipCommands
  readonly #prefix: string
  readonly #leases = new Map<number, Lease>()
  readonly #handovers = new Set<Promise<void>>()
  #timer: NodeJS.Timeout | null = null
  #step: Promise<void> = Promise.resolve()
  #started = false
  #joined = false
  /** Resolves once the first claiming step is over (see {@link start}). */
  readonly #firstRound: Promise<void>
  #firstRoundDone: () => void = () => {}
  #closed = false

  /**
   * Connects to Redis. Rejects with `INVALID_OPTION` for a bad option, or `REDIS_UNAVAILABLE`
   * when Redis is not reachable within `connectTimeoutMs`. Call {@link start} once listening.
   */
  static async connect(options: RedisShardOwnershipOptions): Promise<RedisShardOwnership> {
    const resolved = resolveRedisShardOwnershipOptions(options)
    // Lost connections show as failed renewals (`error` events) and, in time, as `lost` shards.
    const redis = await openRedis(resolved.connection, { onLost: () => {}, onReconnecting: () => {}, onRestored: () => {} })
    return new RedisShardOwnership(resolved, defineOwnershipCommands(redis))
  }

  private constructor(options: ResolvedRedisShardOwnershipOptions, redis: Redis & OwnershipCommands) {
    super()
    this.#options = options
    this.#redis = redis
    this.#prefix = options.connection.keyPrefix
    this.memberId = options.memberId
    this.#firstRound = new Promise((resolve) => { this.#firstRoundDone = resolve })
  }

  /** How long a lease lives without renewal, in milliseconds (see `RedisShardOwnershipOptions.leaseMs`). */
  get leaseMs(): number {
    return this.#options.leaseMs
  }

  /** The shards this member owns now, with their fencing tokens (shards being handed over included). */
  get owned(): ReadonlyMap<number, number> {
    return new Map([...this.#leases].map(([shardId, lease]) => [shardId, lease.token]))
  }

  /**
   * Joins the cluster: the first step (announcing this member) runs at once, then one every
   * `renewIntervalMs`, claiming from the second on. Resolves once that first claiming step is
   * over: what it claimed (possibly nothing, during a cold-start cooldown or in a full cluster)
   * has been announced on `claimed`. Idempotent.
   */
  start(): Promise<void> {
    if (!this.#started && !this.#closed) {
      this.#started = true
      this.#schedule(0)
    }
    return this.#firstRound
  }

  /**
   * Stops stepping, waits for hand-overs in flight, releases every lease (emitting `released`; stop
   * the shards first, since others may claim them at once), leaves the member set and closes the
   * connection. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#firstRoundDone()
    if (this.#timer !== null) clearTimeout(this.#timer)
    await this.#step
    await Promise.all(this.#handovers)
    for (const [shardId, lease] of [...this.#leases]) {
      this.#drop(shardId)
      await this.#redis.swOwnRelease(this.#prefix, this.memberId, shardId, lease.token, 'release', 0).catch(() => 0)
      this.#emitSafe('released', shardId)
    }
    await this.#redis.zrem(`${this.#prefix}own:members`, this.memberId).catch(() => 0)
    await closeRedis(this.#redis)
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      const started = performance.now()
      const claiming = this.#joined
      this.#step = this.#runStep().finally(() => {
        if (claiming) this.#firstRoundDone()
        if (!this.#closed) this.#schedule(Math.max(0, this.#options.renewIntervalMs - (performance.now() - started)))
      })
    }, delayMs)
  }

  // One step: stop what is overdue, renew, read the cluster, then claim, ask and hand over.
  async #runStep(): Promise<void> {
    // After a pause, the overdue leases go first: nothing may be renewed past its deadline.
    this.#expireOverdue()
    if (!(await this.#renew())) return
    // The first step only announces this member, so that members started together see each other
    // before they claim, and split the plan without a round of hand-overs.
    if (!this.#joined) {
      this.#joined = true
      return
    }
    let snapshot: OwnershipSnapshot
    try {
      snapshot = await this.#snapshot()
    } catch (cause) {
      return this.#emitError(commandFailed('read the cluster state', cause))
    }
    if (this.#closed) return
    const handingOver = new Set([...this.#leases].filter(([, lease]) => lease.handingOver).map(([shardId]) => shardId))
    const step = planOwnership(snapshot, this.memberId, this.#options.maxHandoversPerStep, handingOver)
    try {
      if (step.claim.length > 0) await this.#claim(step.claim)
      const { leaseMs, beforeReleaseTimeoutMs } = this.#options
      for (const { shardId, from } of step.request) {
        // A request lives as long as a hand-over may take, then lapses if the owner never answered.
        await this.#redis.swOwnRequest(this.#prefix, this.memberId, leaseMs + beforeReleaseTimeoutMs, shardId, from)
      }
      for (const shardId of step.decline) {
        const lease = this.#leases.get(shardId)
        if (lease !== undefined) await this.#redis.swOwnRelease(this.#prefix, this.memberId, shardId, lease.token, 'decline', 0)
      }
    } catch (cause) {
      this.#emitError(commandFailed('claim or request shards', cause))
    }
    for (const { shardId, to } of step.handOver) {
      const lease = this.#leases.get(shardId)
      if (lease === undefined || this.#closed) continue
      const handover = this.#handOver(shardId, to, lease)
      this.#handovers.add(handover)
      void handover.finally(() => this.#handovers.delete(handover))
    }
  }

  // Returns false when Redis could not be reached: the deadlines keep running.
  async #renew(): Promise<boolean> {
    const sent = [...this.#leases].map(([shardId, lease]) => ({ shardId, lease }))
    const sentAt = performance.now()
    let statuses: (0 | 1)[]
    try {
      const { leaseMs } = this.#options
      statuses = await this.#redis.swOwnRenew(this.#prefix, this.memberId, leaseMs, leaseMs, ...sent.flatMap(({ shardId, lease }) => [shardId, lease.token]))
    } catch (cause) {
      this.#emitError(commandFailed('renew its leases', cause))
      return false
    }
    sent.forEach(({ shardId, lease }, i) => {
      if (this.#leases.get(shardId) !== lease) return // lost or released meanwhile
      if (statuses[i] === 1) this.#arm(shardId, lease, sentAt)
      else this.#lose(shardId, 'fenced')
    })
    return !this.#closed
  }

  async #snapshot(): Promise<OwnershipSnapshot> {
    const { shardIds } = this.#options
    const [members, flat] = await this.#redis.swOwnSnapshot(this.#prefix, shardIds[0]!, shardIds[shardIds.length - 1]!)
    const owners = new Map<number, string>()
    const requests = new Map<number, string>()
    const reservations = new Map<number, string>()
    shardIds.forEach((shardId, i) => {
      const [owner, request, reserve] = [flat[3 * i]!, flat[3 * i + 1]!, flat[3 * i + 2]!]
      if (owner !== '') owners.set(shardId, owner)
      if (request !== '') requests.set(shardId, request)
      if (reserve !== '') reservations.set(shardId, reserve)
    })
    return { shardIds, members, owners, requests, reservations }
  }

  async #claim(shardIds: readonly number[]): Promise<void> {
    const sentAt = performance.now()
    const tokens = await this.#redis.swOwnClaim(this.#prefix, this.memberId, this.#options.leaseMs, this.#options.coldStartCooldown ? '1' : '0', ...shardIds)
    shardIds.forEach((shardId, i) => {
      const token = tokens[i]!
      if (token === 0 || this.#leases.has(shardId)) return
      const lease: Lease = { token, deadline: 0, timer: undefined, handingOver: false }
      this.#leases.set(shardId, lease)
      this.#arm(shardId, lease, sentAt)
      this.#emitSafe('claimed', shardId, token)
    })
  }

  async #handOver(shardId: number, to: string, lease: Lease): Promise<void> {
    lease.handingOver = true
    this.#emitSafe('handover', shardId, to)
    const { beforeRelease, beforeReleaseTimeoutMs } = this.#options
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        beforeRelease(shardId),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`beforeRelease took longer than ${beforeReleaseTimeoutMs} ms`)), beforeReleaseTimeoutMs)
        }),
      ])
    } catch (cause) {
      lease.handingOver = false
      this.#emitError(new ShardwireError('OWNERSHIP_HANDOVER_FAILED', `Shard ${shardId} was not handed over to ${to}: beforeRelease failed; it stays here`, { cause }))
      await this.#redis.swOwnRelease(this.#prefix, this.memberId, shardId, lease.token, 'decline', 0).catch(() => 0)
      return
    } finally {
      clearTimeout(timer)
    }
    if (this.#leases.get(shardId) !== lease) return // lost meanwhile: `lost` was emitted
    this.#drop(shardId)
    try {
      const done = await this.#redis.swOwnRelease(this.#prefix, this.memberId, shardId, lease.token, 'handover', this.#options.leaseMs)
      if (done === 0) return this.#emitSafe('lost', shardId, 'fenced')
    } catch (cause) {
      // The shard is already closed: the lease simply expires and the asker claims it then.
      this.#emitError(commandFailed(`release shard ${shardId}`, cause))
    }
    this.#emitSafe('released', shardId)
  }

  // (Re)starts the local safety rule of one lease from the moment its last renewal was sent.
  #arm(shardId: number, lease: Lease, sentAt: number): void {
    const { leaseMs, safetyMarginMs } = this.#options
    lease.deadline = sentAt + leaseMs - safetyMarginMs
    clearTimeout(lease.timer)
    lease.timer = setTimeout(() => this.#expireOverdue(), Math.max(0, lease.deadline - performance.now()))
    this.#emitSafe('renewed', shardId, performance.timeOrigin + lease.deadline)
  }

  #expireOverdue(): void {
    const now = performance.now()
    for (const [shardId, lease] of [...this.#leases]) if (lease.deadline <= now) this.#lose(shardId, 'deadline')
  }

  #lose(shardId: number, reason: LeaseLossReason): void {
    this.#drop(shardId)
    this.#emitSafe('lost', shardId, reason)
  }

  #drop(shardId: number): void {
    const lease = this.#leases.get(shardId)
    if (lease === undefined) return
    clearTimeout(lease.timer)
    this.#leases.delete(shardId)
  }

  // 'error' throws when unheard; every failure here is retried or reported otherwise, so an unheard one is dropped.
  #emitError(error: ShardwireError): void {
    if (this.listenerCount('error') > 0) this.#emitSafe('error', error)
  }

  // A listener that throws must not break a step: rethrown outside, as the listener's own.
  #emitSafe<E extends keyof ShardOwnershipEvents>(name: E, ...args: ShardOwnershipEvents[E]): void {
    try {
      ;(this.emit as (name: E, ...args: ShardOwnershipEvents[E]) => boolean)(name, ...args)
    } catch (error) {
      rethrowLater(error)
    }
  }
}

function commandFailed(what: string, cause: unknown): ShardwireError {
  return new ShardwireError('REDIS_COMMAND_FAILED', `The shard ownership could not ${what} in Redis; it tries again next step`, { cause })
}
