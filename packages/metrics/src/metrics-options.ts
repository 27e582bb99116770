import { InvalidOptionError } from '@shardwire/core'
import type { ShardManager } from '@shardwire/manager'
import type { Registry } from 'prom-client'
import type { ManagerMetrics } from './manager-metrics.js'

/** What the metrics read of a manager: its lifecycle events, `fetchStatus()` and its session start budget. */
export type MetricsSource = Pick<ShardManager, 'on' | 'off' | 'fetchStatus' | 'sessionStartsRemaining'>

/** Options of `collectManagerMetrics`. */
export interface ManagerMetricsOptions {
  /**
   * The registry to register the metrics in; pass prom-client's global `register` to serve
   * them beside your own. `close()` removes them again.
   * @defaultValue a new `Registry`
   */
  readonly registry?: Registry
  /**
   * Put before every metric name: letters, digits, `_` and `:`, not starting with a digit.
   * @defaultValue `'shardwire_'`
   */
  readonly prefix?: string
  /**
   * How often to call `manager.fetchStatus()` (one round trip to each worker) for latencies,
   * queue depths, worker resources and the workers' dispatch and decode totals.
   * @defaultValue 5000
   */
  readonly pollIntervalMs?: number
}

/** Options of `startMetricsServer`: exactly one of `manager` and `metrics`. */
export interface MetricsServerOptions {
  /** A manager to collect metrics from, with `metricsOptions`; the server's `close()` stops the collection. */
  readonly manager?: MetricsSource
  /** Metrics already being collected (`collectManagerMetrics`); the server's `close()` leaves them running. */
  readonly metrics?: ManagerMetrics
  /** Used with `manager`. */
  readonly metricsOptions?: ManagerMetricsOptions
  /**
   * The TCP port; 0 picks a free one (see `url`).
   * @defaultValue 0
   */
  readonly port?: number
  /**
   * The interface to listen on.
   * @defaultValue `'127.0.0.1'`
   */
  readonly host?: string
  /**
   * `/healthz` fails (503) while any shard has not been ready for longer than this.
   * @defaultValue 30000
   */
  readonly notReadyThresholdMs?: number
}

/** {@link ManagerMetricsOptions} checked, with their defaults (`registry` stays optional: a new one is made later). */
export interface ResolvedMetricsOptions {
  readonly registry: Registry | null
  readonly prefix: string
  readonly pollIntervalMs: number
}

// setInterval's largest delay; anything longer fires at once.
const maxTimerMs = 2 ** 31 - 1

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/**
 * Checks a manager (by shape, so a second copy of the package still passes) and the options.
 * @throws InvalidOptionError naming the first invalid one
 */
export function resolveMetricsOptions(manager: unknown, options: unknown): ResolvedMetricsOptions {
  checkSource(manager, 'manager')
  if (!isObject(options)) throw new InvalidOptionError('options', 'expected an object')
  const { registry = null, prefix = 'shardwire_', pollIntervalMs = 5000 } = options
  // By shape too: a registry from another copy of prom-client fails instanceof.
  if (registry !== null && !(isObject(registry) && typeof registry.registerMetric === 'function' && typeof registry.metrics === 'function' && typeof registry.removeSingleMetric === 'function')) {
    throw new InvalidOptionError('registry', 'expected a prom-client Registry')
  }
  if (typeof prefix !== 'string' || !/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/.test(prefix)) {
    throw new InvalidOptionError('prefix', `expected letters, digits, '_' and ':' not starting with a digit, got ${describe(prefix)}`)
  }
  if (typeof pollIntervalMs !== 'number' || !Number.isInteger(pollIntervalMs) || pollIntervalMs < 1 || pollIntervalMs > maxTimerMs) {
    throw new InvalidOptionError('pollIntervalMs', `expected an integer from 1 to ${maxTimerMs}, got ${describe(pollIntervalMs)}`)
  }
  return { registry: registry as Registry | null, prefix, pollIntervalMs }
}

/** {@link MetricsServerOptions} checked, with their defaults. */
export interface ResolvedServerOptions {
  readonly source: { readonly manager: MetricsSource; readonly metricsOptions: ManagerMetricsOptions } | { readonly metrics: ManagerMetrics }
  readonly port: number
  readonly host: string
  readonly notReadyThresholdMs: number
}

/** @throws InvalidOptionError naming the first invalid option */
export function resolveServerOptions(options: unknown): ResolvedServerOptions {
  if (!isObject(options)) throw new InvalidOptionError('options', 'expected an object')
  const { manager, metrics, metricsOptions = {}, port = 0, host = '127.0.0.1', notReadyThresholdMs = 30_000 } = options
  if ((manager === undefined) === (metrics === undefined)) throw new InvalidOptionError('manager', 'expected exactly one of `manager` and `metrics`')
  if (metrics !== undefined && !(isObject(metrics) && typeof metrics.notReadyLongerThan === 'function' && isObject(metrics.registry))) {
    throw new InvalidOptionError('metrics', 'expected what collectManagerMetrics returned')
  }
  if (manager !== undefined) {
    checkSource(manager, 'manager')
    // Checked now, so that a bad one fails before the server listens.
    resolveMetricsOptions(manager, metricsOptions)
  } else if (options.metricsOptions !== undefined) {
    throw new InvalidOptionError('metricsOptions', 'only used with `manager`; `metrics` were configured when collected')
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidOptionError('port', `expected an integer from 0 to 65535, got ${describe(port)}`)
  if (typeof host !== 'string' || host.trim() === '') throw new InvalidOptionError('host', `expected a host name or address, got ${describe(host)}`)
  if (typeof notReadyThresholdMs !== 'number' || !Number.isFinite(notReadyThresholdMs) || notReadyThresholdMs < 0) {
    throw new InvalidOptionError('notReadyThresholdMs', `expected a number of milliseconds >= 0, got ${describe(notReadyThresholdMs)}`)
  }
  const source = manager !== undefined
    ? { manager: manager as MetricsSource, metricsOptions: metricsOptions as ManagerMetricsOptions }
    : { metrics: metrics as unknown as ManagerMetrics }
  return { source, port, host, notReadyThresholdMs }
}

function checkSource(manager: unknown, option: string): asserts manager is MetricsSource {
  if (!(isObject(manager) && typeof manager.on === 'function' && typeof manager.off === 'function' && typeof manager.fetchStatus === 'function')) {
    throw new InvalidOptionError(option, 'expected a ShardManager')
  }
}
