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
  /**
   * Optional (needed by the `peers` feature): another queue sharing this one's limits, as another
   * process would.
   */
  peer?(): Promise<ConformancePeer>
}

/** A second queue sharing the subject's limits: another process, which can die without cleaning up. */
export interface ConformancePeer {
  readonly queue: IdentifyQueue
  /** The longest a dead peer's place in line blocks its bucket, in milliseconds. */
  readonly leaseMs: number
  /** Dies at once, releasing nothing (a killed process); its pending waits never settle. */
  crash(): Promise<void>
}

/** The daily session start budget a subject starts with (the `sessionStartLimit` feature). */
export interface ConformanceSessionStartLimit {
  readonly remaining: number
  readonly total: number
  /** Session starts never spent: grants wait for the reset once `remaining` is down to this. */
  readonly reserve: number
  readonly resetAfterMs: number
}

/**
 * What an implementation supports beyond the core rules; each feature turns on its tests
 * (skipped otherwise, so implementations written before a feature keep passing).
 */
export interface ConformanceFeatures {
  /** Subjects offer {@link ConformanceSubject.peer}: leases and fairness across processes are tested. */
  readonly peers?: boolean
  /** The factory honours `sessionStartLimit`: the daily budget is tested. */
  readonly sessionStartLimit?: boolean
  /** The queue implements `identifySent`: restarting a bucket's window at the real identify is tested. */
  readonly identifySent?: boolean
}

/** Makes a fresh subject for Discord's rules with `maxConcurrency` buckets and a `windowMs` window. */
export type ConformanceFactory = (options: {
  readonly maxConcurrency: number
  readonly windowMs: number
  /** Given only to implementations declaring the `sessionStartLimit` feature. */
  readonly sessionStartLimit?: ConformanceSessionStartLimit
}) => Promise<ConformanceSubject>

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
export function identifyQueueConformance(name: string, create: ConformanceFactory, timing: ConformanceTiming, features: ConformanceFeatures = {}): void {
  const { windowMs, toleranceMs } = timing
  const long = 1_000_000
  describe(`IdentifyQueue conformance: ${name}`, () => {
    type Ask = (shardId: number, timeoutMs?: number, signal?: AbortSignal) => Promise<void>
    async function run(maxConcurrency: number, body: (subject: ConformanceSubject, grants: Grant[], ask: Ask, askOn: (queue: IdentifyQueue) => Ask) => Promise<void>, sessionStartLimit?: ConformanceSessionStartLimit): Promise<void> {
      const subject = await create({ maxConcurrency, windowMs, ...(sessionStartLimit === undefined ? {} : { sessionStartLimit }) })
      const grants: Grant[] = []
      const askOn = (queue: IdentifyQueue): Ask => (shardId, timeoutMs = long, signal) => {
        const wait = queue.waitForIdentify(shardId, { timeoutMs, ...(signal === undefined ? {} : { signal }) })
        wait.then(() => grants.push({ shardId, at: subject.now() }), () => {})
        return wait
      }
      try {
        await body(subject, grants, askOn(subject.queue), askOn)
      } finally {
        await subject.dispose()
      }
    }

    function assertSpaced(grants: readonly Grant[]): void {
      for (let i = 1; i < grants.length; i++) {
        assert.ok(grants[i]!.at - grants[i - 1]!.at >= windowMs - toleranceMs, `grants ${i - 1} and ${i} are ${grants[i]!.at - grants[i - 1]!.at} ms apart`)
      }
    }

    async function peerOf(subject: ConformanceSubject): Promise<ConformancePeer> {
      assert.ok(subject.peer !== undefined, 'the peers feature needs ConformanceSubject.peer')
      return subject.peer()
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

    test('an expired lease frees the bucket: a dead waiter at the head does not block it', { skip: features.peers !== true && 'needs the peers feature' }, async () => {
      await run(1, async (subject, grants, ask, askOn) => {
        const peer = await peerOf(subject)
        const peerAsk = askOn(peer.queue)
        await peerAsk(0)
        void peerAsk(1)
        await subject.advance(0)
        void ask(2)
        await subject.advance(0)
        await peer.crash()
        await subject.advance(windowMs + peer.leaseMs + windowMs / 2)
        assert.deepEqual(grants.map((grant) => grant.shardId), [0, 2], 'the dead peer never got shard 1, and shard 2 was not blocked')
        assertSpaced(grants)
      })
    })

    test('the order is fair across processes: first come, first served', { skip: features.peers !== true && 'needs the peers feature' }, async () => {
      await run(1, async (subject, grants, ask, askOn) => {
        const peer = await peerOf(subject)
        const peerAsk = askOn(peer.queue)
        for (const [shardId, asker] of [[0, ask], [1, peerAsk], [2, ask], [3, peerAsk], [4, ask]] as const) {
          void asker(shardId)
          await subject.advance(0)
        }
        await subject.advance(windowMs * 4)
        assert.deepEqual(grants.map((grant) => grant.shardId), [0, 1, 2, 3, 4])
        assertSpaced(grants)
        await peer.crash()
      })
    })

    test('identifySent restarts the bucket window from the real identify, not from the grant', { skip: features.identifySent !== true && 'needs the identifySent feature' }, async () => {
      await run(2, async (subject, grants, ask) => {
        assert.ok(subject.queue.identifySent !== undefined, 'the identifySent feature needs IdentifyQueue.identifySent')
        for (const shardId of [0, 2, 1, 3]) void ask(shardId)
        await subject.advance(0)
        assert.deepEqual(grants.map((grant) => grant.shardId).sort(), [0, 1])
        // Shard 0's identify left half a window after its grant (a slow hop); shard 1's at once.
        await subject.advance(windowMs / 2)
        const sentAt = subject.now()
        await subject.queue.identifySent(0)
        await subject.advance(windowMs * 0.75)
        assert.deepEqual(grants.map((grant) => grant.shardId).sort(), [0, 1, 3], 'bucket 1 frees a window after its grant; bucket 0 waits a window after its identify')
        await subject.advance(windowMs / 2)
        const late = grants.find((grant) => grant.shardId === 2)
        assert.ok(late !== undefined, 'bucket 0 grants again once a window passed since the identify')
        assert.ok(late.at - sentAt >= windowMs - toleranceMs, `granted ${late.at - sentAt} ms after the identify`)
      })
    })

    test('the daily budget is respected: the reserve is never spent, and the reset restores it', { skip: features.sessionStartLimit !== true && 'needs the sessionStartLimit feature' }, async () => {
      await run(4, async (subject, grants, ask) => {
        for (const shardId of [0, 1, 2, 3]) void ask(shardId)
        await subject.advance(0)
        assert.equal(grants.length, 2, 'two starts spent, one kept in reserve')
        await subject.advance(windowMs * 2)
        assert.equal(grants.length, 2, 'nothing more before the reset, though the buckets are free')
        await subject.advance(windowMs * 2)
        assert.deepEqual(grants.map((grant) => grant.shardId).sort(), [0, 1, 2, 3], 'the reset restored the budget')
      }, { remaining: 3, total: 10, reserve: 1, resetAfterMs: windowMs * 3 })
    })
  })
}
