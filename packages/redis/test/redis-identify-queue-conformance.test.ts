// RedisIdentifyQueue against the shared IdentifyQueue conformance suite, on the real clock with a
// short window, including the features only a shared queue has: peers in other OS processes
// (leases, fairness across processes) and the daily session start budget.
import { identifyQueueConformance } from '../../core/test/identify-queue-conformance.js'
import { RedisIdentifyQueue, type RedisIdentifyQueueOptions } from '../src/index.js'
import { forkPeer, type Peer } from './identify-peer.js'
import { deleteKeys, sharedRedisUrl, sleep, uniquePrefix } from './redis-test-harness.js'

// Long enough for a round trip to Redis (or over IPC to a peer) on a busy 2-core machine.
const settleMs = 120
const leaseMs = 600

identifyQueueConformance('RedisIdentifyQueue (real clock, shared Redis)', async ({ maxConcurrency, windowMs, sessionStartLimit }) => {
  const options: RedisIdentifyQueueOptions = {
    url: sharedRedisUrl,
    keyPrefix: uniquePrefix('conformance'),
    maxConcurrency,
    windowMs,
    leaseMs,
    pollMs: 20,
    sessionStartReserve: sessionStartLimit?.reserve ?? 0,
    coldStartCooldown: false,
  }
  const queue = await RedisIdentifyQueue.connect(options)
  if (sessionStartLimit !== undefined) await queue.setSessionStartLimit(sessionStartLimit)
  const peers: Peer[] = []
  return {
    queue,
    now: () => performance.now(),
    advance: (ms) => sleep(ms + settleMs),
    dispose: async () => {
      await Promise.all(peers.map((peer) => peer.close()))
      await queue.close()
      await deleteKeys(options.keyPrefix)
    },
    peer: async () => {
      const peer = await forkPeer(options)
      peers.push(peer)
      return { queue: peer.queue, leaseMs, crash: () => peer.crash() }
    },
  }
}, { windowMs: 500, toleranceMs: 60 }, { peers: true, sessionStartLimit: true, identifySent: true })
