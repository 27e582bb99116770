import type { ShardStatus } from '@shardwire/core'

/** A shard that has not been ready for a while, as `/healthz` lists it. */
export interface NotReadyShard {
  /** The shard. */
  readonly shardId: number
  /** Its status at the last poll. */
  readonly status: ShardStatus
  /** Milliseconds since it was last ready (or since it was first seen, if never). */
  readonly notReadyMs: number
}

interface Known {
  status: ShardStatus
  /** When it stopped being ready, on the tracker's clock; null while ready. */
  notReadySince: number | null
}

/**
 * Each shard's last known status and since when it has not been ready. Fed by the manager's
 * `shardStatus` events (authoritative: they arrive in order) and by polls, which only fill in
 * shards no event has named yet (a poll's answer may be older than the last event).
 */
export class ShardReadiness {
  readonly #shards = new Map<number, Known>()
  readonly #now: () => number

  /** @param now - the clock, in milliseconds */
  constructor(now: () => number) {
    this.#now = now
  }

  /** A status change, from an event. */
  update(shardId: number, status: ShardStatus): void {
    const known = this.#shards.get(shardId)
    if (known === undefined) {
      this.#shards.set(shardId, { status, notReadySince: status === 'ready' ? null : this.#now() })
      return
    }
    known.status = status
    if (status === 'ready') known.notReadySince = null
    else known.notReadySince ??= this.#now()
  }

  /** A status from a poll: taken only for a shard not known yet. */
  learn(shardId: number, status: ShardStatus): void {
    if (!this.#shards.has(shardId)) this.update(shardId, status)
  }

  /** How many known shards are in each status. */
  countByStatus(): Map<ShardStatus, number> {
    const counts = new Map<ShardStatus, number>()
    for (const { status } of this.#shards.values()) counts.set(status, (counts.get(status) ?? 0) + 1)
    return counts
  }

  /** The shards not ready for longer than `thresholdMs`, by shard id. */
  notReadyLongerThan(thresholdMs: number): NotReadyShard[] {
    const now = this.#now()
    const late: NotReadyShard[] = []
    for (const [shardId, { status, notReadySince }] of this.#shards) {
      // Rounded up: a shard listed for being late never shows a figure at or under the threshold.
      if (notReadySince !== null && now - notReadySince > thresholdMs) late.push({ shardId, status, notReadyMs: Math.ceil(now - notReadySince) })
    }
    return late.sort((a, b) => a.shardId - b.shardId)
  }
}
