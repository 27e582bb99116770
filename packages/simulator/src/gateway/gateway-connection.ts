import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import { ShardwireError, type Encoding, type GatewayPayload } from '@shardwire/core'
import type { Compressor } from '../compression/compressor.js'
import type { Fault } from '../faults/fault.js'
import type { ConnectionRecord } from '../records/record-types.js'
import { clientCloseEndsSession, closeCodes, closeEndsSession } from '../rules/close-codes.js'
import { isHeartbeatData } from '../rules/heartbeat-payload.js'
import { clientOpcodeRule, opcodes } from '../rules/opcodes.js'
import { SendRateWindow } from '../rules/send-rate-window.js'
import { violationRules, type ViolationKind } from '../rules/violations.js'
import type { DispatchEntry, Session, SessionSink } from '../sessions/session.js'
import type { ConnectionState } from './connection-state.js'
import { corruptFrame, malformedPayload } from './fault-bytes.js'
import { FrameWriter } from './frame-writer.js'
import type { GatewayContext } from './gateway-context.js'
import { InboundPacer } from './inbound-pacer.js'
import { handleIdentify } from './handle-identify.js'
import { handleRequestGuildMembers } from './handle-request-guild-members.js'
import { handleResume } from './handle-resume.js'

/** What a connection is built from: the accepted socket and what the URL asked for. */
export interface ConnectionInit {
  readonly ws: WebSocket
  readonly socket: Socket
  readonly encoding: Encoding
  readonly compressor: Compressor | null
  readonly record: ConnectionRecord
}

/**
 * One client socket: HELLO, heartbeats, identify or resume, then a session's dispatches.
 * Protocol decisions come from `rules/`; this class applies them to the socket and records
 * what happened.
 */
export class GatewayConnection implements SessionSink {
  readonly connectionId: number
  readonly record: ConnectionRecord
  readonly ctx: GatewayContext
  readonly encoding: Encoding
  readonly writer: FrameWriter
  readonly #ws: WebSocket
  readonly #socket: Socket
  readonly #compressor: Compressor | null
  readonly #rate: SendRateWindow
  #state: ConnectionState = { kind: 'awaiting-session' }
  readonly #heartbeatTimer: NodeJS.Timeout
  #zombie = false
  readonly #pacer: InboundPacer
  #stallTimer: NodeJS.Timeout | null = null

  constructor(ctx: GatewayContext, init: ConnectionInit) {
    this.ctx = ctx
    this.record = init.record
    this.connectionId = init.record.id
    this.encoding = init.encoding
    this.#ws = init.ws
    this.#socket = init.socket
    this.#compressor = init.compressor
    const { options } = ctx
    this.#rate = new SendRateWindow({
      limit: options.sendLimit,
      windowMs: options.sendWindowMs,
      mode: options.sendRateMode,
      openedAt: init.record.openedAt,
    })
    this.record.sendWindows = this.#rate.windows
    this.writer = new FrameWriter({
      ws: init.ws,
      encoding: init.encoding,
      compressor: init.compressor,
      splitFrameBytes: options.splitFrameBytes,
    })
    this.#heartbeatTimer = setTimeout(() => this.#onHeartbeatTimeout(), options.heartbeatTimeoutMs)
    this.#heartbeatTimer.unref()
    this.#pacer = new InboundPacer(init.socket, (data) => this.#handleSafely(data), () => this.writer.stalled)
    init.ws.on('message', (data: Buffer) => this.#pacer.push(data))
    init.ws.on('close', (code: number, reason: Buffer) => this.#onSocketClosed(code, reason.toString()))
    init.ws.on('error', (error: Error & { code?: string }) => this.#onSocketError(error))
    this.send({ op: opcodes.HELLO, d: { heartbeat_interval: options.heartbeatIntervalMs, _trace: ['["shardwire-simulator"]'] } })
  }

  /** The connection's state. */
  get state(): ConnectionState {
    return this.#state
  }

  /** The shard id of the connection's session, or null without one. */
  get shardId(): number | null {
    return this.#state.kind === 'live' ? this.#state.session.shardId : null
  }

  /** The simulator clock's time. */
  now(): number {
    return this.ctx.options.clock.now()
  }

  /** Sends a non-dispatch payload (`s` and `t` null). */
  send(payload: { op: number; d: unknown }): void {
    if (this.#state.kind === 'closed') return
    this.writer.send({ op: payload.op, d: payload.d, s: null, t: null })
  }

  /** Delivers a session's dispatch (the session calls this). */
  deliver(entry: DispatchEntry): void {
    if (this.#state.kind === 'closed') return
    this.writer.send({ op: opcodes.DISPATCH, d: entry.d, s: entry.s, t: entry.t })
  }

  /** Takes a session: after READY, or after a resume's replay. */
  becomeLive(session: Session): void {
    this.#state = { kind: 'live', session }
    this.record.shard = session.shard
    this.record.sessionId = session.id
  }

  /**
   * Sends op 9. The connection drops its session and waits for identify or resume again;
   * with `resumable: false` the session ends.
   */
  invalidateSession(resumable: boolean): void {
    if (this.#state.kind === 'closed') return
    if (this.#state.kind === 'live') {
      const { session } = this.#state
      if (resumable) session.detach(this.connectionId, this.now())
      else session.end(this.now(), 'invalid session')
    }
    this.#state = { kind: 'awaiting-session' }
    this.send({ op: opcodes.INVALID_SESSION, d: resumable })
  }

  /** Records a violation and applies Discord's reaction from the violation table. */
  violate(kind: ViolationKind, detail: string): void {
    this.ctx.recorder.violation({ at: this.now(), connectionId: this.connectionId, kind, detail, shardId: this.shardId })
    const reaction: { close?: number; invalidSession?: false } = violationRules[kind].reaction
    if (reaction.close !== undefined) this.closeWith(reaction.close, detail)
    else this.invalidateSession(false)
  }

  /**
   * Closes with a code, after everything already queued. The session ends when the code
   * says so ({@link closeEndsSession}) and otherwise stays resumable.
   */
  closeWith(code: number, reason: string): void {
    if (this.#state.kind === 'closed') return
    this.#finish('server', code, reason, closeEndsSession(code))
    // A stalled socket cannot deliver a close frame; it is as good as dropped.
    if (this.writer.stalled) this.#ws.terminate()
    else this.writer.close(code, truncateReason(reason))
  }

  /** Destroys the TCP socket with no close frame. */
  drop(): void {
    if (this.#state.kind === 'closed') return
    this.#finish('drop', 1006, 'dropped', false)
    this.#ws.terminate()
  }

  /** Applies one fault to this connection. */
  applyFault(fault: Exclude<Fault, { kind: 'restart' }>): void {
    switch (fault.kind) {
      case 'drop':
        return this.drop()
      case 'close':
        return this.closeWith(fault.code, fault.reason ?? 'Closed by fault injection')
      case 'reconnect':
        return this.send({ op: opcodes.RECONNECT, d: null })
      case 'invalid-session':
        return this.invalidateSession(fault.resumable)
      case 'request-heartbeat':
        return this.send({ op: opcodes.HEARTBEAT, d: null })
      case 'zombie':
        this.#zombie = true
        return
      case 'stall':
        return this.#stall(fault.ms)
      case 'corrupt-frame':
        return this.writer.sendRaw(corruptFrame(this.ctx.random, this.#compressor?.compression ?? null, this.encoding.name))
      case 'malformed-payload':
        return this.writer.sendEncoded(malformedPayload(this.encoding.name))
      case 'slow-consumer':
        this.#pacer.delayMs = fault.delayMs
        return
      default: {
        const unknown: never = fault
        throw new TypeError(`unknown fault ${String(unknown)}`)
      }
    }
  }

  #stall(ms: number | undefined): void {
    if (this.#state.kind === 'closed') return
    this.writer.stall()
    this.#socket.pause()
    if (this.#stallTimer !== null) clearTimeout(this.#stallTimer)
    if (ms === undefined) return
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = null
      if (this.#state.kind === 'closed') return
      this.#socket.resume()
      this.writer.resume()
    }, ms)
  }

  #handleSafely(data: Buffer): void {
    try {
      this.#handle(data)
    } catch (error) {
      // A bug here must cost one connection, never the server: close it as Discord would
      // on an internal error, with the cause in the reason.
      this.closeWith(closeCodes.UNKNOWN_ERROR.code, `Internal error: ${(error as Error).message}`)
    }
  }

  #handle(data: Buffer): void {
    const { options } = this.ctx
    if (data.length > options.payloadLimitBytes) {
      return this.violate('payload-too-large', `a ${data.length}-byte payload exceeds ${options.payloadLimitBytes} bytes`)
    }
    if (!this.#rate.hit(this.now())) {
      return this.violate('rate-limited', `more than ${options.sendLimit} payloads in ${options.sendWindowMs} ms`)
    }
    let payload: GatewayPayload
    try {
      payload = this.encoding.decode(data)
    } catch (error) {
      if (!(error instanceof ShardwireError)) throw error
      return this.violate('decode-error', error.message)
    }
    this.record.opsReceived[payload.op] = (this.record.opsReceived[payload.op] ?? 0) + 1
    const rule = clientOpcodeRule(payload.op)
    if (rule === undefined) return this.violate('unknown-opcode', `op ${payload.op} is not an opcode clients may send`)
    if (rule.requiresSession && this.#state.kind !== 'live') {
      return this.violate('not-authenticated', `op ${payload.op} before identify`)
    }
    switch (payload.op) {
      case opcodes.HEARTBEAT:
        return this.#onHeartbeat(payload.d)
      case opcodes.IDENTIFY:
        return handleIdentify(this, payload.d)
      case opcodes.RESUME:
        return handleResume(this, payload.d)
      case opcodes.REQUEST_GUILD_MEMBERS:
        return handleRequestGuildMembers(this, payload.d)
      default:
        // Presence, voice state and soundboard requests are accepted and only counted.
        return
    }
  }

  #onHeartbeat(d: unknown): void {
    if (!isHeartbeatData(d)) return this.violate('decode-error', 'heartbeat `d` must be a sequence number or null')
    this.#heartbeatTimer.refresh()
    this.ctx.recorder.heartbeat({ at: this.now(), connectionId: this.connectionId, d, acked: !this.#zombie })
    if (!this.#zombie) this.send({ op: opcodes.HEARTBEAT_ACK, d: null })
  }

  #onHeartbeatTimeout(): void {
    if (this.#state.kind === 'closed') return
    const detail = `no heartbeat for ${this.ctx.options.heartbeatTimeoutMs} ms`
    // A stall fault stops the server reading, so the silence is the fault's doing, not the
    // client's: time the session out as Discord would, but record no violation.
    if (this.writer.stalled) return this.closeWith(violationRules['heartbeat-timeout'].reaction.close, detail)
    this.violate('heartbeat-timeout', detail)
  }

  #onSocketError(error: Error & { code?: string }): void {
    // ws reports protocol errors here and then closes with its own code (1002, 1009).
    if (this.#state.kind === 'closed') return
    const kind = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame-too-large' : 'invalid-frame'
    this.ctx.recorder.violation({ at: this.now(), connectionId: this.connectionId, kind, detail: error.message, shardId: this.shardId })
  }

  #onSocketClosed(code: number, reason: string): void {
    if (this.#state.kind !== 'closed') this.#finish('client', code, reason, clientCloseEndsSession(code))
    this.record.closedAt ??= this.now()
    this.#compressor?.close()
    this.ctx.recorder.closed(this.record)
  }

  #finish(by: 'server' | 'client' | 'drop', code: number, reason: string, endsSession: boolean): void {
    if (this.#state.kind === 'live') {
      const { session } = this.#state
      if (endsSession) session.end(this.now(), `closed with ${code}`)
      else session.detach(this.connectionId, this.now())
    }
    this.#state = { kind: 'closed' }
    clearTimeout(this.#heartbeatTimer)
    if (this.#stallTimer !== null) clearTimeout(this.#stallTimer)
    this.#pacer.stop()
    Object.assign(this.record, { closedBy: by, closeCode: code, closeReason: reason, closedAt: this.now() })
  }
}

// A close reason may hold at most 123 bytes (RFC 6455, section 5.5).
function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason)
  return bytes.length <= 123 ? reason : bytes.subarray(0, 120).toString().replace(/\uFFFD$/, '') + '...'
}
