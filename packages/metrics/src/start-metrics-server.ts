import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { ShardwireError } from '@shardwire/core'
import { collectManagerMetrics, type ManagerMetrics } from './manager-metrics.js'
import { resolveServerOptions, type MetricsServerOptions } from './metrics-options.js'

/** What `startMetricsServer` returns. */
export interface MetricsServer {
  /** Where it listens, such as `http://127.0.0.1:9464` (the port picked when 0 was asked for). */
  readonly url: string
  /** The metrics it serves. */
  readonly metrics: ManagerMetrics
  /** Stops listening, ends open connections, and stops the metrics if the server started them. */
  close(): Promise<void>
}

/**
 * Serves `GET /metrics` (Prometheus text) and `GET /healthz`: 200 `ok`, or 503 with a JSON body
 * `{ status: 'unhealthy', notReadyThresholdMs, shards: [{ shardId, status, notReadyMs }] }` while
 * any shard has not been ready for longer than `notReadyThresholdMs`. Shards the manager has not
 * reported yet (before `connect()`) do not count. Plain `node:http`, no framework.
 *
 * @example
 * ```ts
 * const server = await startMetricsServer({ manager, port: 9464 })
 * ```
 * @throws InvalidOptionError naming the first invalid option
 * @throws ShardwireError `METRICS_LISTEN_FAILED` when the port cannot be listened on
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { source, port, host, notReadyThresholdMs } = resolveServerOptions(options)
  const owned = 'manager' in source
  const metrics = owned ? collectManagerMetrics(source.manager, source.metricsOptions) : source.metrics
  const server = createServer((request, response) => {
    respond(request, response, metrics, notReadyThresholdMs).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      response.end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`)
    })
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    if (owned) metrics.close()
    throw new ShardwireError('METRICS_LISTEN_FAILED', `The metrics server could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  const address = server.address()
  const boundPort = typeof address === 'object' && address !== null ? address.port : port
  let closing: Promise<void> | null = null
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    metrics,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive scrapers would hold close() open until they time out.
        server.closeAllConnections()
        if (owned) metrics.close()
      })
      return closing
    },
  }
}

async function respond(request: IncomingMessage, response: ServerResponse, metrics: ManagerMetrics, notReadyThresholdMs: number): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://metrics').pathname
  if (path !== '/metrics' && path !== '/healthz') {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try /metrics or /healthz\n')
    return
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n')
    return
  }
  if (path === '/metrics') {
    const text = await metrics.registry.metrics()
    response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(request.method === 'HEAD' ? undefined : text)
    return
  }
  const late = metrics.notReadyLongerThan(notReadyThresholdMs)
  if (late.length === 0) {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : 'ok\n')
    return
  }
  const body = JSON.stringify({ status: 'unhealthy', notReadyThresholdMs, shards: late })
  response.writeHead(503, { 'content-type': 'application/json; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : body)
}
