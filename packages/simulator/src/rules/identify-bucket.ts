/**
 * The identify rate-limit bucket of a shard: `shard_id % max_concurrency` ("Max Concurrency"
 * in Discord's gateway docs). Each bucket may start one session per identify window.
 */
export function identifyBucket(shardId: number, maxConcurrency: number): number {
  return shardId % maxConcurrency
}
