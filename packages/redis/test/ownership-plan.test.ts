// The pure ownership planner: fair shares, conflict-free claims, gradual hand-overs, no Redis.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fairShares, planOwnership, planShardIds, type OwnershipSnapshot } from '../src/index.js'
import { resolveRedisShardOwnershipOptions } from '../src/ownership/redis-shard-ownership-options.js'

const ids = (count: number): number[] => Array.from({ length: count }, (_, i) => i)

function snapshot(partial: Partial<OwnershipSnapshot> & { members: readonly string[] }): OwnershipSnapshot {
  return { shardIds: ids(24), owners: new Map(), requests: new Map(), reservations: new Map(), ...partial }
}

function ownersOf(assignment: Record<string, readonly number[]>): Map<number, string> {
  return new Map(Object.entries(assignment).flatMap(([member, shards]) => shards.map((shardId) => [shardId, member] as const)))
}

// A store the members act on one after another, hand-overs completing at once: what Redis does, minus time.
function simulate(members: string[], owners: Map<number, string>, maxHandoversPerStep: number, shardCount = 24): { steps: number; owners: Map<number, string> } {
  const requests = new Map<number, string>()
  const reservations = new Map<number, string>()
  for (let steps = 1; steps <= 100; steps++) {
    let changed = false
    for (const self of members) {
      const before = [...owners.values()].filter((owner) => owner === self).length
      const step = planOwnership({ shardIds: ids(shardCount), members, owners, requests, reservations }, self, maxHandoversPerStep)
      assert.ok(step.handOver.length <= maxHandoversPerStep, 'at most N hand-overs per step')
      assert.ok(step.request.length <= maxHandoversPerStep, 'at most N requests per step')
      for (const shardId of step.claim) {
        assert.ok(!owners.has(shardId), `${self} claims a free shard`)
        owners.set(shardId, self)
        reservations.delete(shardId)
        changed = true
      }
      for (const { shardId, from } of step.request) {
        if (owners.get(shardId) === from && !requests.has(shardId)) requests.set(shardId, self)
        changed = true
      }
      for (const shardId of step.decline) requests.delete(shardId)
      for (const { shardId, to } of step.handOver) {
        owners.delete(shardId)
        requests.delete(shardId)
        reservations.set(shardId, to)
        changed = true
      }
      const after = [...owners.values()].filter((owner) => owner === self).length
      assert.ok(after >= Math.min(before, step.quota), `${self} never drops below its share (${after} < ${step.quota})`)
    }
    if (!changed) return { steps, owners }
  }
  throw new Error('did not settle in 100 steps')
}

function counts(owners: Map<number, string>): Record<string, number> {
  const result: Record<string, number> = {}
  for (const owner of owners.values()) result[owner] = (result[owner] ?? 0) + 1
  return result
}

test('planShardIds covers the whole plan or its inclusive range', () => {
  assert.deepEqual(planShardIds({ shardCount: 4 }), [0, 1, 2, 3])
  assert.deepEqual(planShardIds({ shardCount: 24, range: { first: 8, last: 11 } }), [8, 9, 10, 11])
})

test('fair shares: floor(n / m), the extra ones to the members that own the most already', () => {
  assert.deepEqual(Object.fromEntries(fairShares(25, ['a', 'b'], new Map([['b', 13], ['a', 12]]))), { a: 12, b: 13 })
  assert.deepEqual(Object.fromEntries(fairShares(25, ['b', 'a'], new Map())), { a: 13, b: 12 })
  assert.deepEqual(Object.fromEntries(fairShares(24, ['a', 'b', 'c'], new Map())), { a: 8, b: 8, c: 8 })
})

test('a fresh cluster: three members claim disjoint thirds, covering every shard', () => {
  const members = ['m-b', 'm-a', 'm-c']
  const claims = members.map((self) => planOwnership(snapshot({ members }), self, 1).claim)
  assert.deepEqual(claims, [ids(8).map((i) => i + 8), ids(8), ids(8).map((i) => i + 16)])
  for (const self of members) assert.deepEqual(planOwnership(snapshot({ members }), self, 1).request, [])
})

test('a dead member\'s live leases are left alone; its free shards are shared out', () => {
  const owners = ownersOf({ a: ids(8), b: ids(8).map((i) => i + 8), dead: ids(8).map((i) => i + 16) })
  assert.deepEqual(planOwnership(snapshot({ members: ['a', 'b'], owners }), 'a', 1).claim, [])
  for (const shardId of ids(8)) owners.delete(shardId + 16)
  assert.deepEqual(planOwnership(snapshot({ members: ['a', 'b'], owners }), 'a', 1).claim, [16, 17, 18, 19])
  assert.deepEqual(planOwnership(snapshot({ members: ['a', 'b'], owners }), 'b', 1).claim, [20, 21, 22, 23])
})

test('a reserved shard goes to its reservee only, while it lives', () => {
  const owners = ownersOf({ a: ids(12), b: ids(11).map((i) => i + 12) })
  const reservations = new Map([[23, 'c']])
  assert.deepEqual(planOwnership(snapshot({ members: ['a', 'b', 'c'], owners, reservations }), 'c', 1).claim, [23])
  assert.deepEqual(planOwnership(snapshot({ members: ['a', 'b', 'c'], owners, reservations }), 'b', 1).claim, [])
  assert.deepEqual(planOwnership(snapshot({ members: ['a', 'b'], owners, reservations }), 'b', 1).claim, [23])
})

test('a request whose lease lapsed does not hold back the claim of the free shard', () => {
  const owners = ownersOf({ b: [0, 1, 2] })
  const step = planOwnership(snapshot({ shardIds: [0, 1, 2, 3], members: ['b'], owners, requests: new Map([[3, 'b']]) }), 'b', 1)
  assert.deepEqual([step.claim, step.request], [[3], []])
})

test('a new member asks the most loaded owner; the owner honours within its surplus and declines the rest', () => {
  const owners = ownersOf({ a: ids(14), b: ids(10).map((i) => i + 14) })
  const members = ['a', 'b', 'c']
  assert.deepEqual(planOwnership(snapshot({ members, owners }), 'c', 2).request, [{ shardId: 13, from: 'a' }, { shardId: 12, from: 'a' }])
  const requests = new Map([[13, 'c'], [12, 'c'], [11, 'c'], [10, 'c'], [9, 'c'], [8, 'c'], [7, 'c'], [23, 'c'], [0, 'gone']])
  const stepA = planOwnership(snapshot({ members, owners, requests }), 'a', 2)
  assert.equal(stepA.quota, 8)
  assert.deepEqual(stepA.handOver, [{ shardId: 7, to: 'c' }, { shardId: 8, to: 'c' }])
  assert.deepEqual(stepA.decline, [0], 'the asker is gone; the others wait for a slot')
  const stepB = planOwnership(snapshot({ members, owners, requests }), 'b', 2)
  assert.deepEqual(stepB.handOver, [{ shardId: 23, to: 'c' }])
  const atShare = planOwnership(snapshot({ members, owners, requests }), 'b', 2, new Set([22, 21]))
  assert.deepEqual(atShare.decline, [23], 'b is at its share once two are in flight')
  const inFlight = planOwnership(snapshot({ members, owners, requests }), 'a', 2, new Set([12, 13]))
  assert.deepEqual([inFlight.handOver, inFlight.decline], [[], [0]], 'the slots are full: the requests wait')
})

test('adding a member evens out gradually, one hand-over per step, never below a fair share', () => {
  const owners = ownersOf({ a: ids(12), b: ids(12).map((i) => i + 12) })
  const { steps, owners: settled } = simulate(['a', 'b', 'c'], owners, 1)
  assert.deepEqual(counts(settled), { a: 8, b: 8, c: 8 })
  assert.ok(steps > 4, `gradual: settled in ${steps} steps`)
  assert.equal(settled.size, 24)
})

test('from any start the cluster settles balanced, with every shard owned once', () => {
  // A fixed pseudo-random start (an LCG with a fixed seed): members own random subsets.
  let seed = 42
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let round = 0; round < 20; round++) {
    const members = ['p', 'q', 'r', 's'].slice(0, 2 + (round % 3))
    const owners = new Map<number, string>()
    for (const shardId of ids(30)) if (random() < 0.7) owners.set(shardId, members[Math.floor(random() * members.length)]!)
    const { owners: settled } = simulate(members, owners, 1 + (round % 2), 30)
    assert.equal(settled.size, 30)
    const loads = Object.values(counts(settled))
    assert.equal(loads.length, members.length)
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 1, `round ${round}: loads ${loads.join(', ')}`)
  }
})

test('options: bad plans and timings are refused with INVALID_OPTION', () => {
  const base = { url: 'redis://127.0.0.1:6379/0', keyPrefix: 'x:', plan: { shardCount: 24 } }
  assert.deepEqual(resolveRedisShardOwnershipOptions({ ...base, plan: { shardCount: 24, range: { first: 4, last: 7 } } }).shardIds, [4, 5, 6, 7])
  assert.throws(() => resolveRedisShardOwnershipOptions({ ...base, plan: { shardCount: 0 } }), { code: 'INVALID_OPTION', message: /plan\.shardCount/ })
  assert.throws(() => resolveRedisShardOwnershipOptions({ ...base, plan: { shardCount: 24, range: { first: 4, last: 24 } } }), { code: 'INVALID_OPTION', message: /plan\.range\.last/ })
  assert.throws(() => resolveRedisShardOwnershipOptions({ ...base, leaseMs: 1000, renewIntervalMs: 700, safetyMarginMs: 300 }), { code: 'INVALID_OPTION', message: /renewIntervalMs/ })
  assert.throws(() => resolveRedisShardOwnershipOptions({ ...base, memberId: 'has space' }), { code: 'INVALID_OPTION', message: /memberId/ })
  assert.throws(() => resolveRedisShardOwnershipOptions({ ...base, maxHandoversPerStep: 0 }), { code: 'INVALID_OPTION', message: /maxHandoversPerStep/ })
})
