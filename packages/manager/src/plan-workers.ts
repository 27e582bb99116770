import { InvalidOptionError } from '@shardwire/core'
import type { ShardIdSelection } from './manager-options.js'

/**
 * The shard ids a manager runs, ascending and without duplicates, checked against the shard count.
 * @throws InvalidOptionError when an id is outside `[0, shardCount)`, or the selection is empty
 */
export function resolveShardIds(selection: ShardIdSelection | undefined, shardCount: number): number[] {
  let ids: number[]
  if (selection === undefined) ids = Array.from({ length: shardCount }, (_, id) => id)
  else if ('start' in selection) ids = Array.from({ length: selection.end - selection.start + 1 }, (_, i) => selection.start + i)
  else ids = [...new Set(selection)].sort((a, b) => a - b)
  const outside = ids.find((id) => id >= shardCount)
  if (outside !== undefined) throw new InvalidOptionError('shardIds', `shard ${outside} is not below the shard count ${shardCount}`)
  if (ids.length === 0) throw new InvalidOptionError('shardIds', 'expected at least one shard')
  return ids
}

/**
 * Splits `shardIds` into workers of `shardsPerWorker` consecutive shards. Consecutive ids land
 * in one worker, so that a worker's shards spread over every identify bucket.
 */
export function planWorkers(shardIds: readonly number[], shardsPerWorker: number | 'all'): number[][] {
  const size = shardsPerWorker === 'all' ? shardIds.length : shardsPerWorker
  const plan: number[][] = []
  for (let i = 0; i < shardIds.length; i += size) plan.push(shardIds.slice(i, i + size))
  return plan
}
