// The public surface of @shardwire/redis. Named exports only: anything not listed here is internal.

// Connection
export type { RedisConnectionOptions } from './redis-connection-options.js'
export { clearRedisState } from './clear-redis-state.js'

// Identify queue
export { RedisIdentifyQueue } from './redis-identify-queue.js'
export type { SessionStartLimit } from './redis-identify-queue.js'
export type { RedisIdentifyQueueOptions } from './redis-identify-queue-options.js'
export type {
  RedisIdentifyQueueEvents, IdentifyGrantEvent, SessionBudgetWaitEvent, RedisReconnectingEvent,
} from './redis-identify-queue-events.js'

// Session store
export { RedisSessionStore } from './redis-session-store.js'
export type { RedisSessionStoreEvents } from './redis-session-store.js'
export type { RedisSessionStoreOptions } from './redis-session-store-options.js'

// Cluster mode: the three above, behind ShardManager's `cluster` option
export { redisCluster } from './cluster/redis-cluster.js'
export type { RedisClusterOptions } from './cluster/redis-cluster-options.js'

// Shard ownership (cluster mode)
export { RedisShardOwnership } from './ownership/redis-shard-ownership.js'
export type { RedisShardOwnershipOptions } from './ownership/redis-shard-ownership-options.js'
export type { ShardOwnership, ShardOwnershipEvents, LeaseLossReason } from './ownership/shard-ownership.js'
export { planOwnership, planShardIds, fairShares } from './ownership/plan-ownership.js'
export type { ShardPlan, OwnershipSnapshot, OwnershipStep } from './ownership/plan-ownership.js'
