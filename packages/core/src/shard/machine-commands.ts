import { ShardwireError } from '../errors.js'
import { resumeCloseCode } from './close-code-policy.js'
import type { OutgoingPayload } from './gateway-commands.js'
import { connect, endConnection } from './machine-connection.js'
import { timerNames, type MachineCore } from './machine-core.js'
import { unusableSessionReason, type SessionInfo } from './session-info.js'
import { resumeTargetOf, socketOf, type ResumeTarget } from './shard-state.js'

/** The largest payload the gateway accepts; a larger one closes the connection with 4002. */
export const maxPayloadBytes = 4096

/** `connect()`: start, resuming the saved session when it suits this shard. */
export function onStart(core: MachineCore, info: SessionInfo | null): void {
  const { kind } = core.state
  if (kind !== 'idle' && kind !== 'closed' && kind !== 'fatal') {
    core.debug(`connect() ignored: the shard is already ${kind}`)
    return
  }
  let resume: ResumeTarget | null = null
  if (info !== null) {
    const problem = unusableSessionReason(info, core.config.shardCount)
    if (problem === null) {
      resume = { session: { sessionId: info.sessionId, resumeUrl: info.resumeUrl, sequence: info.sequence }, failures: 0 }
      core.markSaved(info)
    } else {
      core.debug(`Saved session discarded: ${problem}`)
      core.save(null)
    }
  }
  core.setTimer('session-save', core.config.sessionSaveIntervalMs)
  connect(core, 0, resume)
}

/** The save timer: write the session if it moved since the last save. Never once per event. */
export function onSessionSaveTimer(core: MachineCore): void {
  const session = resumeTargetOf(core.state)?.session
  if (session !== undefined && core.isUnsaved(session)) core.save(session)
  core.setTimer('session-save', core.config.sessionSaveIntervalMs)
}

/**
 * `send(payload)`: encode it now (so later changes to the object do not matter and the size
 * is known), reject it if it cannot go, else queue it behind the shard's own payloads.
 */
export function onSend(core: MachineCore, payload: OutgoingPayload, ticket: number, now: number): void {
  const reject = (error: ShardwireError): void => core.push({ type: 'reject-send', ticket, error })
  const { shardId, encode } = core.config
  const { kind } = core.state
  if (kind === 'closed' || kind === 'fatal') {
    reject(new ShardwireError('SHARD_CLOSED', `Shard ${shardId} is ${kind}: nothing more can be sent`))
    return
  }
  let data: string | Uint8Array
  try {
    data = encode(payload)
  } catch (cause) {
    reject(new ShardwireError('PAYLOAD_UNENCODABLE', `An op ${String(payload.op)} payload could not be encoded`, { cause }))
    return
  }
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
  if (size > maxPayloadBytes) {
    reject(new ShardwireError('PAYLOAD_TOO_LARGE', `An op ${payload.op} payload encodes to ${size} bytes; the gateway accepts ${maxPayloadBytes}`))
    return
  }
  if (!core.queue.pushUser({ data, payload, ticket })) {
    reject(new ShardwireError('SEND_QUEUE_FULL', `Shard ${shardId} already has ${core.queue.maxUser} sends waiting`))
    return
  }
  core.flush(now)
}

/**
 * `close(code)`: stop for good. 1000 and 1001 end the session on Discord's side
 * ("Disconnecting"), so it is forgotten; any other code keeps it resumable, so it is saved.
 */
export function onClose(core: MachineCore, code: number): void {
  const state = core.state
  if (state.kind === 'closed') return
  const socket = socketOf(state)
  for (const name of timerNames) core.clearTimer(name)
  if (state.kind === 'awaiting-identify') core.push({ type: 'cancel-identify' })
  if (socket !== null) core.push({ type: 'close', connection: socket.id, code })
  if (state.kind !== 'idle' && state.kind !== 'fatal') {
    core.save(code === 1000 || code === 1001 ? null : (resumeTargetOf(state)?.session ?? null))
  }
  if (socket !== null) core.emit({ name: 'close', code, reconnect: false, reason: 'closed' })
  core.rejectUserSends(new ShardwireError('SHARD_CLOSED', `Shard ${core.config.shardId} was closed before the payload was sent`))
  core.transition({ kind: 'closed' })
}

/** `reconnect(mode)`: drop the connection and reconnect at once, resuming or ("reinstantiate") identifying anew. */
export function onReconnect(core: MachineCore, resume: boolean): void {
  const state = core.state
  if (socketOf(state) !== null) {
    endConnection(core, {
      reason: 'reconnect-called',
      // 1000 ends the old session on Discord's side, which a fresh session wants.
      code: resume ? resumeCloseCode : 1000,
      byShard: true,
      action: resume ? 'resume' : 'reidentify',
      delayMs: 0,
    })
  } else if (state.kind === 'disconnected') {
    core.clearTimer('reconnect')
    if (!resume && state.resume !== null) core.save(null)
    connect(core, state.attempt, resume ? state.resume : null)
  } else {
    core.debug(`reconnect() ignored: the shard is ${state.kind}`)
  }
}
