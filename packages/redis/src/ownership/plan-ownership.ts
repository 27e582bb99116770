// Which shards one member of a cluster should claim, ask for and hand over: pure, no I/O, so that
// every member computes the same answer from the same snapshot and tests need no Redis.

/** The shards every process of one bot shares out: all of `0..shardCount-1`, or an inclusive part of them. */
export interface ShardPlan {
  /** The bot's total shard count (what each shard sends in IDENTIFY). */
  readonly shardCount: number
  /** The inclusive id range these processes run, when they run only part of the bot. @defaultValue all shards */
  readonly range?: { readonly first: number; readonly last: number }
}

/** What one member knows of the cluster at one moment, read from the shared store in one step. */
export interface OwnershipSnapshot {
  /** The ids of the shards in the plan, ascending. */
  readonly shardIds: readonly number[]
  /** The live members (their heartbeats have not expired), this one included. */
  readonly members: readonly string[]
  /** The member holding each shard's lease; a shard absent here is free. */
  readonly owners: ReadonlyMap<number, string>
  /** Pending hand-over requests: shard → the member that asked for it. */
  readonly requests: ReadonlyMap<number, string>
  /** Free shards kept for a member that was handed them: shard → that member. */
  readonly reservations: ReadonlyMap<number, string>
}

/** What {@link planOwnership} decides for one member. */
export interface OwnershipStep {
  /** This member's fair share: `floor(n / m)` or one more. */
  readonly quota: number
  /** Free shards to claim now, ascending. */
  readonly claim: readonly number[]
  /** Shards to ask their owners for, at most `maxHandoversPerStep` outstanding. */
  readonly request: readonly { readonly shardId: number; readonly from: string }[]
  /** Requests for this member's shards to honour now: release each to `to`. */
  readonly handOver: readonly { readonly shardId: number; readonly to: string }[]
  /** Requests for this member's shards to refuse (it would drop below its share, or the asker is gone). */
  readonly decline: readonly number[]
}

/** The ids a {@link ShardPlan} covers, ascending. */
export function planShardIds(plan: ShardPlan): number[] {
  const first = plan.range?.first ?? 0
  const last = plan.range?.last ?? plan.shardCount - 1
  return Array.from({ length: last - first + 1 }, (_, i) => first + i)
}

/**
 * Each member's fair share of `shardCount` shards: `floor(n / m)`, and one more for the first
 * `n % m` members ranked by how many they own now (then by id), so that the extra shards stay
 * where they are instead of moving. Every member computes the same table from the same snapshot.
 */
export function fairShares(shardCount: number, members: readonly string[], owned: ReadonlyMap<string, number>): Map<string, number> {
  const base = Math.floor(shardCount / members.length)
  const extra = shardCount % members.length
  const ranked = [...members].sort((a, b) => (owned.get(b) ?? 0) - (owned.get(a) ?? 0) || compareIds(a, b))
  return new Map(ranked.map((member, rank) => [member, base + (rank < extra ? 1 : 0)]))
}

/**
 * Decides what `self` does in one step, so that load evens out gradually and without conflicts:
 * - free shards go to members below their share (reserved ones to their reservee first), handed
 *   out in id order to members in id order, so members rarely race for one shard;
 * - what free shards cannot fill is asked of members above their share, at most
 *   `maxHandoversPerStep` requests outstanding per asker;
 * - an owner honours at most `maxHandoversPerStep` requests at a time and never drops below its share.
 *
 * Deterministic: the same snapshot gives every member the same global assignment.
 * @param handingOver - this member's shards already being handed over (they still count as owned)
 */
export function planOwnership(snapshot: OwnershipSnapshot, self: string, maxHandoversPerStep: number, handingOver: ReadonlySet<number> = new Set()): OwnershipStep {
  const members = [...new Set([...snapshot.members, self])].sort(compareIds)
  const live = new Set(members)
  const ownedCount = new Map<string, number>()
  for (const owner of snapshot.owners.values()) ownedCount.set(owner, (ownedCount.get(owner) ?? 0) + 1)
  const shares = fairShares(snapshot.shardIds.length, members, ownedCount)
  const quota = shares.get(self)!

  // What each member still needs once its own shards and pending moves towards it count.
  const deficit = new Map(members.map((member) => [member, shares.get(member)! - (ownedCount.get(member) ?? 0)]))
  // A request counts only while its shard is still held: one whose lease lapsed is a free shard now.
  const pending = [...snapshot.requests].filter(([shardId, to]) => live.has(to) && snapshot.owners.has(shardId) && snapshot.owners.get(shardId) !== to)
  for (const [, to] of pending) deficit.set(to, deficit.get(to)! - 1)

  // Free shards: reserved ones to their (live) reservee, the rest in id order to members in id order.
  const claim: number[] = []
  const free: number[] = []
  for (const shardId of snapshot.shardIds) {
    if (snapshot.owners.has(shardId)) continue
    const reservee = snapshot.reservations.get(shardId)
    if (reservee !== undefined && live.has(reservee)) {
      deficit.set(reservee, deficit.get(reservee)! - 1)
      if (reservee === self) claim.push(shardId)
    } else {
      free.push(shardId)
    }
  }
  let next = 0
  for (const member of members) {
    while (deficit.get(member)! > 0 && next < free.length) {
      const shardId = free[next++]!
      deficit.set(member, deficit.get(member)! - 1)
      if (member === self) claim.push(shardId)
    }
  }

  // Surplus shards (not already asked for), highest ids first, from the most loaded members first.
  const requested = new Set(snapshot.requests.keys())
  const givers = members
    .map((member) => ({ member, surplus: (ownedCount.get(member) ?? 0) - shares.get(member)! }))
    .filter((giver) => giver.surplus > 0)
    .sort((a, b) => b.surplus - a.surplus || compareIds(a.member, b.member))
  const pool: { shardId: number; from: string }[] = []
  for (const giver of givers) {
    const pendingFrom = [...snapshot.requests.keys()].filter((shardId) => snapshot.owners.get(shardId) === giver.member).length
    const offered = [...snapshot.owners].filter(([shardId, owner]) => owner === giver.member && !requested.has(shardId)).map(([shardId]) => shardId).sort((a, b) => b - a)
    for (const shardId of offered.slice(0, Math.max(0, giver.surplus - pendingFrom))) pool.push({ shardId, from: giver.member })
  }
  const pendingBySelf = pending.filter(([, to]) => to === self).length
  const request: { shardId: number; from: string }[] = []
  let taken = 0
  for (const member of members) {
    while (deficit.get(member)! > 0 && taken < pool.length) {
      const move = pool[taken++]!
      deficit.set(member, deficit.get(member)! - 1)
      if (member === self && request.length < maxHandoversPerStep - pendingBySelf) request.push(move)
    }
  }

  // Requests for this member's shards: honour those that keep it at or above its share.
  const handOver: { shardId: number; to: string }[] = []
  const decline: number[] = []
  let surplus = (ownedCount.get(self) ?? 0) - quota - handingOver.size
  let slots = maxHandoversPerStep - handingOver.size
  for (const [shardId, to] of [...snapshot.requests].sort(([a], [b]) => a - b)) {
    if (snapshot.owners.get(shardId) !== self || handingOver.has(shardId)) continue
    if (to === self || !live.has(to) || surplus <= 0) {
      decline.push(shardId)
    } else if (slots > 0) {
      handOver.push({ shardId, to })
      surplus--
      slots--
    } // else: fair, but the hand-overs in flight come first; the request waits for a later step
  }
  return { quota, claim: claim.sort((a, b) => a - b), request, handOver, decline }
}

// Plain code-unit order: the same on every machine, whatever its locale.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
