import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SessionStartBudget } from '../rules/session-start-budget.js'
import type { Clock } from '../clock.js'

/** What the REST handler answers from. */
export interface RestContext {
  readonly token: string
  /** Recommended shard count. */
  readonly shards: number
  readonly budget: SessionStartBudget
  readonly clock: Clock
  /** The gateway URL handed to clients (no trailing slash, like `wss://gateway.discord.gg`). */
  gatewayUrl(): string
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/**
 * The REST routes a gateway client needs ("Get Gateway" and "Get Gateway Bot" in Discord's
 * docs). `/gateway/bot` checks `Authorization: Bot <token>` and answers 401 otherwise, with
 * Discord's error body.
 */
export function createRestHandler(ctx: RestContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      route(ctx, req, res)
    } catch {
      if (!res.headersSent) json(res, 500, { message: '500: Internal Server Error', code: 0 })
      else res.destroy()
    }
  }
}

function route(ctx: RestContext, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '')
  if (req.method !== 'GET' && (path === '/api/v10/gateway' || path === '/api/v10/gateway/bot')) {
    return json(res, 405, { message: '405: Method Not Allowed', code: 0 })
  }
  if (path === '/api/v10/gateway') return json(res, 200, { url: ctx.gatewayUrl() })
  if (path === '/api/v10/gateway/bot') {
    if (req.headers.authorization !== `Bot ${ctx.token}`) return json(res, 401, { message: '401: Unauthorized', code: 0 })
    return json(res, 200, {
      url: ctx.gatewayUrl(),
      shards: ctx.shards,
      session_start_limit: ctx.budget.snapshot(ctx.clock.now()),
    })
  }
  return json(res, 404, { message: '404: Not Found', code: 0 })
}
