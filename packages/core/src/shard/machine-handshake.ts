import type { GatewayPayload } from '../gateway-payload.js'
import { resumeCloseCode } from './close-code-policy.js'
import { GatewayOpcode } from './gateway-opcodes.js'
import { endConnection } from './machine-connection.js'
import type { MachineCore } from './machine-core.js'
import { heartbeatReserve, SendLimiter } from './send-limiter.js'
import type { DisconnectReason, Link, ShardStatus } from './shard-state.js'

/** The socket opened: wait for HELLO. */
export function onOpen(core: MachineCore): void {
  const state = core.state
  if (state.kind !== 'connecting') return
  core.setTimer('handshake', core.config.timeouts.helloMs)
  core.transition({ kind: 'waiting-hello', attempt: state.attempt, socket: state.socket, resume: state.resume })
  core.emit({ name: 'open', url: state.socket.url })
}

/** HELLO (op 10): start heartbeating, then resume at once or ask for an identify permit. */
export function onHello(core: MachineCore, payload: GatewayPayload, now: number): void {
  const state = core.state
  if (state.kind !== 'waiting-hello') {
    core.debug(`Ignored HELLO while ${state.kind}`, GatewayOpcode.Hello)
    return
  }
  const interval = (payload.d as { heartbeat_interval?: unknown } | null)?.heartbeat_interval
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0) {
    core.debug('HELLO had no valid heartbeat_interval', GatewayOpcode.Hello)
    endConnection(core, { reason: 'protocol-error', code: resumeCloseCode, byShard: true, action: 'resume' })
    return
  }
  const { sendLimit, random, timeouts } = core.config
  const link: Link = {
    id: state.socket.id,
    url: state.socket.url,
    heartbeatIntervalMs: interval,
    pendingHeartbeatSince: null,
    limiter: new SendLimiter(sendLimit, heartbeatReserve(interval, sendLimit)),
  }
  // The first heartbeat waits `interval * jitter` ("Sending Heartbeats"), so that shards
  // started together do not beat together.
  core.setTimer('heartbeat', Math.round(interval * random()))
  core.debug(`HELLO: heartbeat every ${interval} ms`, GatewayOpcode.Hello)
  if (state.resume === null) {
    core.clearTimer('handshake') // the identify queue bounds its own wait
    core.transition({ kind: 'awaiting-identify', attempt: state.attempt, link })
    core.push({ type: 'request-identify' })
    return
  }
  core.setTimer('handshake', timeouts.resumedMs)
  core.transition({ kind: 'resuming', attempt: state.attempt, link, resume: state.resume, replayed: 0 })
  const { payload: resume, shown } = core.resume(state.resume.session)
  core.sendPriority(resume, shown, now)
  core.debug('Resuming', GatewayOpcode.Resume, state.resume.session.sequence)
}

/** The identify queue granted a permit: identify now and wait for READY. */
export function onIdentifyGranted(core: MachineCore, now: number): void {
  const state = core.state
  if (state.kind !== 'awaiting-identify') {
    core.debug(`Identify permit unused: the shard is ${state.kind}`)
    return
  }
  core.setTimer('handshake', core.config.timeouts.readyMs)
  core.transition({ kind: 'identifying', attempt: state.attempt, link: state.link })
  const { payload, shown } = core.identify()
  core.sendPriority(payload, shown, now)
  core.debug('Identifying', GatewayOpcode.Identify)
}

// Which step a `handshake` timer bounds, by the state it fires in (null: nothing to bound).
const handshakeTimeoutReason = {
  idle: null,
  connecting: 'connect-timeout',
  'waiting-hello': 'hello-timeout',
  // The identify queue bounds the wait for a permit itself.
  'awaiting-identify': null,
  identifying: 'ready-timeout',
  resuming: 'resumed-timeout',
  ready: null,
  disconnected: null,
  fatal: null,
  closed: null,
} as const satisfies Record<ShardStatus, DisconnectReason | null>

/** A step of the handshake took too long: drop the connection and try again. */
export function onHandshakeTimeout(core: MachineCore): void {
  const reason = handshakeTimeoutReason[core.state.kind]
  if (reason !== null) endConnection(core, { reason, code: resumeCloseCode, byShard: true, action: 'resume' })
}
