// The contract between ShardManager and a cluster of manager processes that share one bot's
// shards (cluster mode). Types only: `@shardwire/redis` implements it with `redisCluster()`.
import type { EventEmitter } from 'node:events'
import type { APIGatewaySessionStartLimit } from 'discord-api-types/v10'
import type { IdentifyQueue, ShardwireError } from '@shardwire/core'
import type { SessionStore } from '../manager-options.js'

/** What a manager tells the cluster when it joins: the plan every member shares. */
export interface ClusterPlan {
  /** The bot's total shard count. */
  readonly shardCount: number
  /** The shards the members share out, ascending and contiguous. */
  readonly shardIds: readonly number[]
  /** `max_concurrency` from `GET /gateway/bot`. */
  readonly maxConcurrency: number
  /** The session start budget from `GET /gateway/bot`, shared by every member. */
  readonly sessionStartLimit: APIGatewaySessionStartLimit
}

/** What the cluster asks of the manager. */
export interface ClusterMemberHooks {
  /**
   * Hand shard `shardId` over to another member: close it with a resumable close and save its
   * session. The cluster releases the shard once this resolves, and the new owner resumes it.
   */
  release(shardId: number): Promise<void>
}

/** The events of a {@link ClusterMembership}. */
export interface ClusterMembershipEvents {
  /** This member now owns shard `shardId`: run it (it resumes its saved session when there is one). */
  claimed: [shardId: number]
  /**
   * This member may run shard `shardId` until `deadline` (ms on `performance.timeOrigin +
   * performance.now()`, a clock every thread shares): emitted on each claim and renewal. The
   * manager hands it to the shard's worker, which stops the shard rather than reconnect it past it.
   */
  lease: [shardId: number, deadline: number]
  /** This member may no longer own shard `shardId`: stop it at once (another member will resume it). */
  lost: [shardId: number, reason: string]
  /** Something failed in the cluster's backing store; it retries on its own. */
  error: [error: ShardwireError]
  /** What the backing store's connection is doing (lost, reconnecting, back), for the manager's `debug` event. */
  notice: [message: string]
}

/** One manager's place in a cluster. */
export interface ClusterMembership extends EventEmitter<ClusterMembershipEvents> {
  /** This member's id, unique among the processes of the bot. */
  readonly memberId: string
  /** The identify queue every member shares. */
  readonly identifyQueue: IdentifyQueue
  /** The session store every member shares, so that a shard resumes on whichever member claims it. */
  readonly sessionStore: SessionStore
  /**
   * Starts claiming shards. Resolves once this member has taken part in one claiming round:
   * every shard it claimed in that round has been announced on `claimed` (possibly none).
   */
  start(): Promise<void>
  /**
   * Saves what is pending, releases every shard (the manager stopped them first, so that other
   * members may claim them at once), leaves the cluster and closes its connections.
   */
  close(): Promise<void>
}

/**
 * Several manager processes, on one machine or many, sharing one bot's shards: each claims
 * shards through leases, identifies through one shared queue, and resumes sessions from one
 * shared store, so that a process that dies has its shards resumed by the others.
 */
export interface ShardCluster {
  /** Joins the cluster for `plan`; rejects with a typed error when the backing store cannot be reached. */
  join(plan: ClusterPlan, hooks: ClusterMemberHooks): Promise<ClusterMembership>
}
