import type { EventEmitter } from 'node:events'
import type { ShardwireError } from '@shardwire/core'

/**
 * Why a member stopped owning a shard without releasing it:
 * - `deadline`: no renewal succeeded in time, so the local safety rule stopped the shard before the
 *   lease could expire (Redis unreachable, or the process was paused);
 * - `fenced`: the lease is no longer this member's (it expired and was claimed again with a higher token).
 */
export type LeaseLossReason = 'deadline' | 'fenced'

/** The events of a {@link ShardOwnership}. */
export interface ShardOwnershipEvents {
  /** This member now owns the shard; `token` is its fencing token (higher than every earlier owner's). */
  claimed: [shardId: number, token: number]
  /**
   * The shard's lease was claimed or renewed: this member may run it until `deadline`, in ms on
   * `performance.timeOrigin + performance.now()` (the local safety rule's deadline, on a clock
   * every thread of the process shares, for a fence in worker threads).
   */
  renewed: [shardId: number, deadline: number]
  /** This member gave the shard up on purpose (a hand-over, or close()). */
  released: [shardId: number]
  /** This member must stop the shard at once: it may no longer own it. */
  lost: [shardId: number, reason: LeaseLossReason]
  /** Another member asked for the shard and gets it: `beforeRelease` runs next, then the release. */
  handover: [shardId: number, to: string]
  /** A Redis command failed (`REDIS_COMMAND_FAILED`) or a hand-over failed (`OWNERSHIP_HANDOVER_FAILED`). Emitted only when heard. */
  error: [error: ShardwireError]
}

/**
 * Which process runs which shard of a bot, across processes and machines: each member claims
 * shards from the shared plan, holds them as fenced leases it renews, and stops a shard before its
 * lease could pass to someone else. The manager starts a shard on `claimed` (resuming its saved
 * session when there is one) and stops it on `lost` and `released`.
 */
export interface ShardOwnership extends EventEmitter<ShardOwnershipEvents> {
  /** This member's id, unique among the processes of the bot. */
  readonly memberId: string
  /** The shards this member owns now, with their fencing tokens. */
  readonly owned: ReadonlyMap<number, number>
  /** Joins the cluster and starts claiming, renewing and rebalancing; resolves once its first claiming step is over. */
  start(): Promise<void>
  /** Releases every shard (after stopping, so others may claim them at once), leaves, and closes. */
  close(): Promise<void>
}
