import { resumeCloseCode } from './close-code-policy.js'
import { heartbeatPayload } from './gateway-commands.js'
import { GatewayOpcode } from './gateway-opcodes.js'
import { endConnection } from './machine-connection.js'
import type { MachineCore } from './machine-core.js'
import { linkOf, resumeTargetOf, type Link } from './shard-state.js'

/** Sends a heartbeat carrying the last sequence received, ahead of user sends. */
export function heartbeat(core: MachineCore, link: Link, now: number): void {
  // Keep the oldest unanswered time: a later beat must not hide a missing ACK.
  link.pendingHeartbeatSince ??= now
  const payload = heartbeatPayload(resumeTargetOf(core.state)?.session.sequence ?? null)
  core.sendPriority(payload, payload, now)
}

/**
 * The heartbeat timer fired. A heartbeat unanswered for half an interval or more when the
 * next is due means a zombie connection ("Heartbeat Interval"): close with a resumable code
 * and resume. A younger unanswered one was asked for out of turn (op 1, `ping()`).
 */
export function onHeartbeatTimer(core: MachineCore, now: number): void {
  const link = linkOf(core.state)
  if (link === null) return
  if (link.pendingHeartbeatSince !== null && now - link.pendingHeartbeatSince >= link.heartbeatIntervalMs / 2) {
    core.debug('No heartbeat ACK since the last beat: zombie connection', GatewayOpcode.HeartbeatAck)
    endConnection(core, { reason: 'zombie', code: resumeCloseCode, byShard: true, action: 'resume' })
    return
  }
  heartbeat(core, link, now)
  core.setTimer('heartbeat', link.heartbeatIntervalMs)
}

/** Op 1 from the server asks for a heartbeat at once ("Heartbeat Requests"); the timer keeps its rhythm. */
export function onHeartbeatRequest(core: MachineCore, now: number): void {
  const link = linkOf(core.state)
  if (link !== null) heartbeat(core, link, now)
}

/** `ping()`: heartbeat now, unless a heartbeat already waits for the ACK that will answer it. */
export function onPing(core: MachineCore, now: number): void {
  const link = linkOf(core.state)
  if (link !== null && link.pendingHeartbeatSince === null) heartbeat(core, link, now)
}

/** Op 11: the latency is the time since the oldest unanswered heartbeat. */
export function onHeartbeatAck(core: MachineCore, now: number): void {
  const link = linkOf(core.state)
  if (link === null || link.pendingHeartbeatSince === null) {
    core.debug('Ignored a heartbeat ACK nothing waited for', GatewayOpcode.HeartbeatAck)
    return
  }
  const latency = now - link.pendingHeartbeatSince
  link.pendingHeartbeatSince = null
  core.emit({ name: 'heartbeat', latency })
}
