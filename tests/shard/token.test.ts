// Tokens: no event, error or debug line a shard emits ever contains the token, and neither
// does inspecting the shard. Driven through identify, resumes, decode errors and a fatal close.
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { test } from 'node:test'
import { InvalidOptionError } from '@shardwire/core'
import { Shard } from '@shardwire/core'
import { createShard, quiesce, simToken, startSim, until } from './sim-harness.js'

/** Everything reachable from a value, as text: errors with their messages, stacks and causes, bytes as text. */
function flatten(value: unknown, seen = new Set<unknown>()): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'string') return value
  if (typeof value !== 'object') return String(value)
  if (seen.has(value)) return ''
  seen.add(value)
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1')
  const parts = [inspect(value, { depth: 8, showHidden: true })]
  if (value instanceof Error) parts.push(value.message, value.stack ?? '', flatten(value.cause, seen))
  for (const key of Reflect.ownKeys(value)) parts.push(flatten((value as Record<PropertyKey, unknown>)[key], seen))
  return parts.join('\n')
}

test('no event, error or debug line contains the token', async () => {
  const sim = await startSim()
  const watch = createShard(sim)
  try {
    await watch.shard.connect()
    for (const inject of [
      () => sim.faults.corruptFrame({ shard: 0 }),
      () => sim.faults.reconnect({ shard: 0 }),
      () => sim.faults.invalidSession(false, { shard: 0 }),
      () => sim.faults.close(4000, { shard: 0 }),
    ]) {
      const connections = sim.records.connections.length
      inject()
      await until(() => sim.records.connections.length > connections && watch.shard.status === 'ready', 'recovery')
      await quiesce(sim, [watch])
    }
    await watch.shard.ping()
    await watch.shard.close(4900)
    assert.ok(watch.emitted.length > 50)
    const sends = watch.emitted.filter((args) => (args as unknown[]).length === 2 && typeof (args as [{ op?: unknown }])[0]?.op === 'number')
    assert.ok(sends.some((args) => (args as [{ op: number }])[0].op === 6), 'a resume was among the sends seen')
    const text = flatten(watch.emitted) + flatten(watch.errors) + inspect(watch.shard, { depth: 10, showHidden: true })
    assert.equal(text.includes(simToken), false, 'the token leaked')
    assert.ok(text.includes('[redacted]'))
  } finally {
    await watch.shard.close()
    await sim.close()
  }
})

test('a rejected token never appears in the fatal error, and an invalid token option is not echoed', async () => {
  const sim = await startSim()
  const wrong = `${simToken}-wrong`
  const watch = createShard(sim, { options: { token: wrong } })
  try {
    const error = await watch.shard.connect().then(() => null, (reason: unknown) => reason)
    assert.throws(() => { throw error }, { code: 'SHARD_FATAL_CLOSE' })
    const text = flatten(watch.emitted) + flatten(error) + inspect(watch.shard, { depth: 10, showHidden: true })
    assert.equal(text.includes(wrong), false)
    assert.equal(text.includes(simToken), false)
  } finally {
    await sim.close()
  }
  const bad = `Bot ${simToken}`
  const thrown = (() => { try { return new Shard({ token: bad, shardId: 0, shardCount: 1, intents: 0 }) } catch (error) { return error } })()
  assert.ok(thrown instanceof InvalidOptionError)
  assert.equal(flatten(thrown).includes(simToken), false)
  // The token passed where another option belongs is not echoed either.
  const misplaced = (() => { try { return new Shard({ token: simToken, shardId: 0, shardCount: 1, intents: 0, gatewayUrl: simToken }) } catch (error) { return error } })()
  assert.throws(() => { throw misplaced }, { code: 'INVALID_OPTION', option: 'gatewayUrl' })
  assert.equal(flatten(misplaced).includes(simToken.slice(0, 20)), false)
})
