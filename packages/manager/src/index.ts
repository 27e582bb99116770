// The public surface of @shardwire/manager. Named exports only: anything not listed here is internal.
export { ShardManager } from './shard-manager.js'
export type { ManagerStatus, ManagerShardStatus } from './manager-status.js'
export type { WorkerResources } from '@shardwire/worker'
export type { PayloadTimings } from '@shardwire/core'
export type {
  ShardManagerOptions, ManagerShardOptions, ShardIdSelection, SessionStore, GatewayInformation, FetchGatewayInformation,
} from './manager-options.js'
export type { ShardCluster, ClusterPlan, ClusterMemberHooks, ClusterMembership, ClusterMembershipEvents } from './cluster/shard-cluster.js'
export type {
  ManagerEventMap, ManagerLifecycleEventMap, ManagerShardReadyEvent, ManagerShardResumedEvent,
  ManagerShardCloseEvent, ManagerShardStatusEvent, ManagerWorkerStartEvent, ManagerWorkerExitEvent, ManagerWorkerRestartEvent, ManagerDebugEvent, ManagerShardOwnershipEvent,
} from './manager-events.js'
export { MemorySessionStore } from './memory-session-store.js'
export { fetchGatewayInformation } from './fetch-gateway-information.js'
export { planWorkers, resolveShardIds } from './plan-workers.js'
export type { WorkerRestartOptions } from './restart-policy.js'
export type { DispatchEventName, DispatchData, WorkerHandlers, WorkerHandlerContext } from '@shardwire/worker'
export { defineWorkerHandlers } from '@shardwire/worker'
export type { IdentifyWaitingEvent, SessionStartBudget } from './session-budget-queue.js'
