import type { GatewayPayload } from '../gateway-payload.js'
import { resumeCloseCode } from './close-code-policy.js'
import { GatewayOpcode } from './gateway-opcodes.js'
import { endConnection } from './machine-connection.js'
import type { MachineCore } from './machine-core.js'
import type { Link, Session } from './shard-state.js'

/**
 * A dispatch (op 0): track the sequence, deliver each event exactly once and in order, and
 * end the handshake on READY or RESUMED.
 */
export function onDispatch(core: MachineCore, payload: GatewayPayload, now: number): void {
  const state = core.state
  const session = state.kind === 'ready' ? state.session : state.kind === 'resuming' ? state.resume.session : null
  const { s } = payload
  if (session !== null && typeof s === 'number') {
    // A replay may overlap what this shard already delivered: each sequence goes out once.
    if (s <= session.sequence) {
      core.debug('Dropped a dispatch already delivered', GatewayOpcode.Dispatch, s)
      return
    }
    if (s > session.sequence + 1) core.debug(`Sequence jumped from ${session.sequence}`, GatewayOpcode.Dispatch, s)
    session.sequence = s
  }
  switch (state.kind) {
    case 'identifying':
      if (payload.t === 'READY') onReady(core, state.link, payload, now)
      else core.emit({ name: 'dispatch', payload })
      return
    case 'resuming':
      if (payload.t === 'RESUMED') {
        core.clearTimer('handshake')
        core.transition({ kind: 'ready', link: state.link, session: state.resume.session })
        core.emit({ name: 'dispatch', payload })
        core.emit({ name: 'resumed', replayed: state.replayed })
        core.debug(`Resumed after ${state.replayed} replayed events`, GatewayOpcode.Dispatch, s)
        core.flush(now)
        return
      }
      state.replayed++
      // The RESUMED timeout measures silence, not the whole replay, which may be long.
      core.setTimer('handshake', core.config.timeouts.resumedMs)
      core.emit({ name: 'dispatch', payload })
      return
    case 'ready':
      core.emit({ name: 'dispatch', payload })
      return
    default:
      // Before identify or resume there is no session to deliver into.
      core.debug(`Dropped a ${String(payload.t)} dispatch received while ${state.kind}`, GatewayOpcode.Dispatch, s)
  }
}

function onReady(core: MachineCore, link: Link, payload: GatewayPayload, now: number): void {
  const d = payload.d as { session_id?: unknown; resume_gateway_url?: unknown } | null
  const sessionId = d?.session_id
  const resumeUrl = d?.resume_gateway_url
  if (typeof sessionId !== 'string' || sessionId === '' || typeof resumeUrl !== 'string' || !URL.canParse(resumeUrl)) {
    core.debug('READY had no valid session_id or resume_gateway_url', GatewayOpcode.Dispatch)
    endConnection(core, { reason: 'protocol-error', code: resumeCloseCode, byShard: true, action: 'reidentify' })
    return
  }
  const session: Session = { sessionId, resumeUrl, sequence: typeof payload.s === 'number' ? payload.s : 0 }
  core.clearTimer('handshake')
  core.transition({ kind: 'ready', link, session })
  core.emit({ name: 'dispatch', payload })
  core.emit({ name: 'ready', sessionId, resumeUrl, payload })
  core.debug('READY', GatewayOpcode.Dispatch, session.sequence)
  // Saved at once: a process that dies before the save timer can still resume.
  core.save(session)
  core.flush(now)
}
