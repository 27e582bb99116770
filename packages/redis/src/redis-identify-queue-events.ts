import type { ShardwireError } from '@shardwire/core'

/** A grant, as Redis recorded it. */
export interface IdentifyGrantEvent {
  /** The shard granted a permit. */
  readonly shardId: number
  /** `shardId % maxConcurrency`. */
  readonly bucket: number
  /** When Redis granted it: Redis `TIME` in ms since the epoch, the clock all processes share. */
  readonly grantedAt: number
  /** The session starts left after this one, or -1 when no budget is set. */
  readonly remaining: number
}

/** A grant held back because the daily session start budget is down to its reserve. */
export interface SessionBudgetWaitEvent {
  /** The shard that waits. */
  readonly shardId: number
  /** Session starts left (all of them reserved). */
  readonly remaining: number
  /** The reserve no process spends. */
  readonly reserve: number
  /** When the budget resets: Redis time in ms since the epoch. */
  readonly resetAt: number
  /** How long until then, in ms. */
  readonly waitMs: number
}

/** A reconnect attempt after Redis was lost. */
export interface RedisReconnectingEvent {
  /** 0 for the first attempt after the loss. */
  readonly attempt: number
  /** When the attempt starts, in ms from now (capped exponential backoff with jitter). */
  readonly delayMs: number
}

/** The events of {@link RedisIdentifyQueue} (and of {@link RedisSessionStore} for the connection ones). */
export interface RedisIdentifyQueueEvents {
  /** A waiter of this process got its permit. */
  granted: [event: IdentifyGrantEvent]
  /** A waiter of this process is held back by the session start budget; emitted once per waiter and reset. */
  sessionBudgetWait: [event: SessionBudgetWaitEvent]
  /** The connection to Redis was lost: no grant happens until it is back. */
  connectionLost: [event: { readonly cause: unknown }]
  /** A reconnect attempt is scheduled. */
  reconnecting: [event: RedisReconnectingEvent]
  /** The connection is back; waiters ask again. */
  reconnected: []
  /**
   * Redis had lost the queue's state (it restarted without persistence): every bucket waits one
   * window, since grants made before the loss are forgotten, and the budget is restored from this
   * process's last view of it.
   */
  stateLost: []
  /** A command failed (`REDIS_COMMAND_FAILED`); the waiter retries it. Emitted only when heard. */
  error: [error: ShardwireError]
}
