// The public surface of @shardwire/metrics. Named exports only: anything not listed here is internal.
export { collectManagerMetrics } from './manager-metrics.js'
export type { ManagerMetrics } from './manager-metrics.js'
export { startMetricsServer } from './start-metrics-server.js'
export type { MetricsServer } from './start-metrics-server.js'
export type { ManagerMetricsOptions, MetricsServerOptions, MetricsSource } from './metrics-options.js'
export type { NotReadyShard } from './shard-readiness.js'
