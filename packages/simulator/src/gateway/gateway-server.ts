import http from 'node:http'
import type { Socket } from 'node:net'
import { once } from 'node:events'
import { WebSocketServer, type WebSocket } from 'ws'
import { ShardwireError, etfEncoding, jsonEncoding } from '@shardwire/core'
import { createCompressor } from '../compression/create-compressor.js'
import type { Compressor } from '../compression/compressor.js'
import type { ConnectionRecord } from '../records/record-types.js'
import { closeCodes } from '../rules/close-codes.js'
import { parseGatewayQuery, type GatewayQuery, type GatewayQueryResult } from '../rules/gateway-query.js'
import type { ViolationKind } from '../rules/violations.js'
import { GatewayConnection } from './gateway-connection.js'
import type { GatewayContext } from './gateway-context.js'

/** The path of the resume URL READY hands out; Discord's is another host, ours another path. */
export const resumePath = '/resume'

const encodings = { json: jsonEncoding, etf: etfEncoding } as const

/**
 * The listening side: one `node:http` server for REST and the gateway upgrade, the open
 * connections, and restarts on the same port.
 */
export class GatewayServer {
  readonly #ctx: GatewayContext
  readonly #http: http.Server
  readonly #wss: WebSocketServer
  readonly #connections = new Map<number, GatewayConnection>()
  #nextId = 1
  #port: number
  #listening = false

  constructor(ctx: GatewayContext, rest: http.RequestListener) {
    this.#ctx = ctx
    this.#port = ctx.options.port
    this.#http = http.createServer(rest)
    // No permessage-deflate (Discord offers none); UTF-8 is checked by the JSON decoder so
    // that invalid text gets Discord's 4002 rather than the WebSocket layer's 1007.
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: ctx.options.maxFrameBytes,
      skipUTF8Validation: true,
      perMessageDeflate: false,
    })
    this.#http.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      // A client resetting mid-handshake must not become an unhandled 'error'.
      socket.on('error', () => undefined)
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, req, socket))
    })
    this.#http.on('clientError', (_error, socket) => socket.destroy())
  }

  /** The port in use (the assigned one after listening on port 0). */
  get port(): number {
    return this.#port
  }

  /** Whether the server is accepting connections. */
  get listening(): boolean {
    return this.#listening
  }

  /** Starts listening (again, after a restart, on the same port). */
  async listen(): Promise<void> {
    this.#http.listen(this.#port, this.#ctx.options.host)
    await once(this.#http, 'listening')
    const address = this.#http.address()
    if (address !== null && typeof address === 'object') this.#port = address.port
    this.#listening = true
  }

  /** Open connections, oldest first. */
  connections(): GatewayConnection[] {
    return [...this.#connections.values()]
  }

  /** An open connection by id. */
  connection(id: number): GatewayConnection | undefined {
    return this.#connections.get(id)
  }

  /**
   * Drops every socket and stops listening; resolves once every socket has closed (and its
   * `close` event was emitted). Sessions are the caller's business.
   */
  async stop(): Promise<void> {
    for (const connection of this.#connections.values()) connection.drop()
    const sockets = [...this.#wss.clients].map((ws) => {
      // Not events.once: it would reject on an 'error' emitted while closing.
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
      ws.terminate()
      return closed
    })
    await Promise.all(sockets)
    this.#listening = false
    const closed = new Promise<void>((resolve) => this.#http.close(() => resolve()))
    this.#http.closeAllConnections()
    await closed
  }

  #accept(ws: WebSocket, req: http.IncomingMessage, socket: Socket): void {
    const { options, recorder } = this.#ctx
    const url = new URL(req.url ?? '/', 'http://localhost')
    const parsed = parseGatewayQuery(url.search, options.apiVersions)
    const record = newRecord(this.#nextId++, options.clock.now(), url, parsed.ok ? parsed.query : null)
    recorder.opened(record)
    try {
      this.#open(ws, socket, record, parsed)
    } catch (error) {
      // A bug while setting a connection up costs that connection only, with the cause logged
      // in its close reason.
      this.#connections.delete(record.id)
      this.#refuse(ws, record, closeCodes.UNKNOWN_ERROR.code, `Internal error: ${(error as Error).message}`.slice(0, 120), null)
    }
  }

  #open(ws: WebSocket, socket: Socket, record: ConnectionRecord, parsed: GatewayQueryResult): void {
    const { options } = this.#ctx
    if (!parsed.ok) return this.#refuse(ws, record, parsed.closeCode, parsed.reason, parsed.violation)
    let compressor: Compressor | null = null
    if (parsed.query.compression !== null) {
      try {
        compressor = createCompressor(parsed.query.compression, options.zstdBackends)
      } catch (error) {
        if (!(error instanceof ShardwireError)) throw error
        // Not the client's fault, so no violation: a clear close reason instead.
        return this.#refuse(ws, record, closeCodes.UNKNOWN_ERROR.code, `${parsed.query.compression} unavailable`, null)
      }
      record.compressorBackend = compressor.backend
    }
    const connection = new GatewayConnection(this.#ctx, {
      ws,
      socket,
      encoding: encodings[parsed.query.encoding],
      compressor,
      record,
    })
    this.#connections.set(record.id, connection)
    ws.on('close', () => this.#connections.delete(record.id))
  }

  /** Accepts the upgrade, then closes at once, as Discord does for a bad gateway URL. */
  #refuse(ws: WebSocket, record: ConnectionRecord, code: number, reason: string, violation: ViolationKind | null): void {
    const { recorder, options } = this.#ctx
    const at = options.clock.now()
    ws.removeAllListeners()
    ws.on('error', () => undefined)
    ws.on('close', () => recorder.closed(record))
    if (violation !== null) recorder.violation({ at, connectionId: record.id, kind: violation, detail: reason, shardId: null })
    Object.assign(record, { closedAt: at, closeCode: code, closeReason: reason, closedBy: 'server' })
    ws.close(code, reason)
  }
}

function newRecord(id: number, now: number, url: URL, query: GatewayQuery | null): ConnectionRecord {
  return {
    id,
    openedAt: now,
    closedAt: null,
    closeCode: null,
    closeReason: '',
    closedBy: null,
    url: url.pathname + url.search,
    query,
    // Clients append `?v=` with or without a slash: both are the resume URL.
    onResumeUrl: url.pathname.replace(/\/+$/, '') === resumePath,
    compressorBackend: null,
    shard: null,
    sessionId: null,
    identifies: [],
    heartbeats: [],
    resumes: [],
    sendWindows: [],
    violations: [],
    opsReceived: {},
  }
}
