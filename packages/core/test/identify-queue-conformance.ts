// The conformance suite every IdentifyQueue implementation must pass (in-process, cross-worker,
// Redis): call `identifyQueueConformance` from a test file with a harness for the implementation.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { IdentifyQueue } from '../src/shard/identify-queue.js'

/** One queue under test, and the clock it runs on. */
export interface ConformanceSubject {
  readonly queue: IdentifyQueue
  /** The clock the implementation uses, in milliseconds. */
  now(): number
  /** Lets `ms` pass (a virtual clock jumps; a real one sleeps) and lets promises settle. */
  advance(ms: number): Promise<void>
  /** Frees what the subject holds (connections, workers). */
  dispose(): Promise<void>
}

/** Makes a fresh subject for Discord's rules with `maxConcurrency` buckets and a `windowMs` window. */
export type ConformanceFactory = (options: { readonly maxConcurrency: number; readonly windowMs: number }) => Promise<ConformanceSubject>

interface Grant { readonly shardId: number; readonly at: number }

/** How the suite runs: the window to ask for, and how late a real clock may observe a grant. */
export interface ConformanceTiming {
  readonly windowMs: number
  /**
   * Grants are timed when their promise settles, which on a real clock can be a fraction of a
   * millisecond after the implementation granted; spacing checks allow this much. 0 on a virtual clock.
   */
  readonly toleranceMs: number
}

/**
 * Registers the conformance tests for one implementation. Timings are expressed in windows,
 * so a real-time implementation can use a short window; waits are `advance` calls.
 */
export function identifyQueueConformance(name: string, create: ConformanceFactory, timing: ConformanceTiming): void {
  const { windowMs, toleranceMs } = timing
  const long = 1_000_000
  describe(`IdentifyQueue conformance: ${name}`, () => {
    async function run(maxConcurrency: number, body: (subject: ConformanceSubject, grants: Grant[], ask: (shardId: number, timeoutMs?: number, signal?: AbortSignal) => Promise<void>) => Promise<void>): Promise<void> {
      const subject = await create({ maxConcurrency, windowMs })
      const grants: Grant[] = []
      const ask = (shardId: number, timeoutMs = long, signal?: AbortSignal): Promise<void> => {
        const wait = subject.queue.waitForIdentify(shardId, { timeoutMs, ...(signal === undefined ? {} : { signal }) })
        wait.then(() => grants.push({ shardId, at: subject.now() }), () => {})
        return wait
      }
      try {
        await body(subject, grants, ask)
      } finally {
        await subject.dispose()
      }
    }

    test('a bucket grants at once, then once per window, first come first served', async () => {
      await run(1, async (subject, grants, ask) => {
        const start = subject.now()
        for (const shardId of [0, 1, 2]) void ask(shardId)
        await subject.advance(0)
        assert.deepEqual(grants.map((grant) => grant.shardId), [0])
        await subject.advance(windowMs * 2.5)
        assert.deepEqual(grants.map((grant) => grant.shardId), [0, 1, 2])
        for (let i = 1; i < grants.length; i++) {
          assert.ok(grants[i]!.at - grants[i - 1]!.at >= windowMs - toleranceMs, `grants ${i - 1} and ${i} are ${grants[i]!.at - grants[i - 1]!.at} ms apart`)
        }
        assert.ok(grants[0]!.at - start < windowMs / 2)
      })
    })

    test('buckets (shard_id % max_concurrency) grant in parallel, groups in order', async () => {
      await run(2, async (subject, grants, ask) => {
        for (const shardId of [0, 1, 2, 3, 4, 5]) void ask(shardId)
        await subject.advance(0)
        assert.deepEqual(grants.map((grant) => grant.shardId).sort(), [0, 1])
        await subject.advance(windowMs)
        assert.deepEqual(grants.slice(2).map((grant) => grant.shardId).sort(), [2, 3])
        await subject.advance(windowMs)
        assert.deepEqual(grants.slice(4).map((grant) => grant.shardId).sort(), [4, 5])
        for (const bucket of [0, 1]) {
          const times = grants.filter((grant) => grant.shardId % 2 === bucket).map((grant) => grant.at)
          for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= windowMs - toleranceMs)
        }
      })
    })

    test('a request that times out rejects with IDENTIFY_TIMEOUT and spends no slot', async () => {
      await run(1, async (subject, grants, ask) => {
        void ask(0)
        await subject.advance(0)
        const late = ask(1, windowMs / 2)
        const next = ask(2)
        await subject.advance(windowMs / 2)
        await assert.rejects(late, { code: 'IDENTIFY_TIMEOUT' })
        await subject.advance(windowMs / 2)
        assert.deepEqual(grants.map((grant) => grant.shardId), [0, 2], 'shard 2 took the slot shard 1 never used')
        await next
      })
    })

    test('an aborted request rejects with IDENTIFY_CANCELLED and spends no slot', async () => {
      await run(1, async (subject, grants, ask) => {
        void ask(0)
        await subject.advance(0)
        const controller = new AbortController()
        const withdrawn = ask(1, long, controller.signal)
        void ask(2)
        controller.abort(new Error('shard closed'))
        await assert.rejects(withdrawn, { code: 'IDENTIFY_CANCELLED' })
        await subject.advance(windowMs)
        assert.deepEqual(grants.map((grant) => grant.shardId), [0, 2])
      })
    })

    test('an already aborted signal rejects at once', async () => {
      await run(1, async (_subject, grants, ask) => {
        await assert.rejects(ask(0, long, AbortSignal.abort()), { code: 'IDENTIFY_CANCELLED' })
        assert.deepEqual(grants, [])
      })
    })

    test('aborting after the grant changes nothing', async () => {
      await run(1, async (subject, grants, ask) => {
        const controller = new AbortController()
        const granted = ask(0, long, controller.signal)
        await subject.advance(0)
        await granted
        controller.abort()
        void ask(1)
        await subject.advance(windowMs)
        assert.deepEqual(grants.map((grant) => grant.shardId), [0, 1])
      })
    })
  })
}
