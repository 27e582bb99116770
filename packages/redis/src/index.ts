// The public surface of @shardwire/redis. Named exports only: anything not listed here is internal.

// Connection
export type { RedisConnectionOptions } from './redis-connection-options.js'

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
