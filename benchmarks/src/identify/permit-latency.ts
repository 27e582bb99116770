// The round trip of one uncontended identify permit: LocalIdentifyQueue against RedisIdentifyQueue.
import { performance } from 'node:perf_hooks'
import { LocalIdentifyQueue, type IdentifyQueue } from '@shardwire/core'
import { RedisIdentifyQueue } from '@shardwire/redis'

/** One queue's permit latency over `samples` grants, in milliseconds. */
export interface PermitLatencyRow {
  readonly queue: 'local' | 'redis'
  readonly samples: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly meanMs: number
}

const warmUp = 50

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!
}

// Each request is for a shard of its own bucket, so no grant ever waits for a window: what is
// left is the queue's own cost (for Redis, one script round trip).
async function measure(queue: IdentifyQueue, samples: number): Promise<number[]> {
  const times: number[] = []
  for (let shardId = 0; shardId < warmUp + samples; shardId++) {
    const start = performance.now()
    await queue.waitForIdentify(shardId, { timeoutMs: 10_000 })
    if (shardId >= warmUp) times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)
}

function row(queue: PermitLatencyRow['queue'], sorted: readonly number[]): PermitLatencyRow {
  const round = (ms: number): number => Math.round(ms * 1000) / 1000
  const mean = sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length
  return { queue, samples: sorted.length, p50Ms: round(percentile(sorted, 0.5)), p99Ms: round(percentile(sorted, 0.99)), meanMs: round(mean) }
}

/** Measures both queues on `samples` uncontended grants each; the Redis one under `keyPrefix`. */
export async function measurePermitLatency(redisUrl: string, keyPrefix: string, samples: number): Promise<PermitLatencyRow[]> {
  const buckets = warmUp + samples
  const local = new LocalIdentifyQueue({ maxConcurrency: buckets, windowMs: 5000 })
  const localRow = row('local', await measure(local, samples))
  const redis = await RedisIdentifyQueue.connect({ url: redisUrl, keyPrefix, maxConcurrency: buckets, windowMs: 5000, coldStartCooldown: false })
  try {
    return [localRow, row('redis', await measure(redis, samples))]
  } finally {
    await redis.close()
  }
}
