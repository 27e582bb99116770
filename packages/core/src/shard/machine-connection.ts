import { ShardwireError } from '../errors.js'
import { backoffDelay, randomDelay } from './backoff.js'
import type { CloseAction } from './close-code-policy.js'
import { gatewayUrl } from './gateway-url.js'
import { connectionTimers, timerNames, type MachineCore } from './machine-core.js'
import { ShardFatalCloseError } from './shard-fatal-close-error.js'
import { resumeTargetOf, socketOf, type DisconnectReason, type ResumeTarget } from './shard-state.js'

/** How a connection ends: who closes it, with which code, and what comes next. */
export interface ConnectionEnd {
  readonly reason: DisconnectReason
  readonly code: number
  /** True when the shard closes the socket; false when the server did (or the socket dropped). */
  readonly byShard: boolean
  readonly action: CloseAction
  /** Replaces the backoff (`reconnect()` reconnects at once). */
  readonly delayMs?: number
}

/** Opens a new socket: to the session's resume URL when resuming, else to the main gateway URL. */
export function connect(core: MachineCore, attempt: number, resume: ResumeTarget | null): void {
  const { encoding, compression, timeouts } = core.config
  const base = resume === null ? core.config.gatewayUrl : resume.session.resumeUrl
  const socket = { id: core.nextConnectionId(), url: gatewayUrl(base, encoding, compression) }
  // A dead connection's heartbeats mean nothing to the next one; user sends stay queued.
  core.queue.clearPriority()
  core.push({ type: 'connect', connection: socket.id, url: socket.url })
  core.setTimer('handshake', timeouts.connectMs)
  core.transition({ kind: 'connecting', attempt, socket, resume })
  core.debug(resume === null ? `Connecting (attempt ${attempt})` : `Connecting to resume (attempt ${attempt})`, undefined, resume?.session.sequence)
}

/**
 * Ends the current connection and decides what follows: stop on a fatal code; otherwise wait
 * (capped exponential backoff, or 1 to 5 s before identifying anew after a lost session)
 * and reconnect, resuming when a session survives. The resume-loop breaker lives here: after
 * `maxResumeFailures` failed attempts to resume one session, the shard identifies anew on
 * the main gateway URL.
 */
export function endConnection(core: MachineCore, end: ConnectionEnd): void {
  const state = core.state
  const socket = socketOf(state)
  if (socket === null || state.kind === 'idle' || state.kind === 'disconnected' || state.kind === 'fatal' || state.kind === 'closed') return
  for (const name of connectionTimers) core.clearTimer(name)
  if (state.kind === 'awaiting-identify') core.push({ type: 'cancel-identify' })
  if (end.byShard) core.push({ type: 'close', connection: socket.id, code: end.code })
  core.emit({ name: 'close', code: end.code, reconnect: end.action !== 'fatal', reason: end.reason })
  if (end.action === 'fatal') {
    stopFatal(core, end.code)
    return
  }
  const wasReady = state.kind === 'ready'
  const previous = resumeTargetOf(state)
  // Attempts count reconnects since the last READY or RESUMED.
  const attempt = wasReady ? 0 : state.attempt + 1
  const { random, backoff, reidentifyDelay, maxResumeFailures } = core.config
  let resume: ResumeTarget | null = null
  if (end.action === 'resume' && previous !== null) {
    const failures = wasReady ? 0 : previous.failures + 1
    if (failures < maxResumeFailures) resume = { session: previous.session, failures }
    else core.debug(`${failures} attempts to resume failed in a row: identifying anew on the main gateway URL`)
  }
  let delay = backoffDelay(attempt, random, backoff)
  if (resume !== null) {
    // Saved on each close, unless unchanged since the last save (a resume failing again and again).
    if (core.isUnsaved(resume.session)) core.save(resume.session)
  } else if (previous !== null || end.reason === 'invalid-session') {
    // Identifying anew after a lost session (or a refused identify) waits 1 to 5 s ("Invalid Session").
    if (previous !== null) core.save(null)
    delay = Math.max(delay, randomDelay(reidentifyDelay.minMs, reidentifyDelay.maxMs, random))
  }
  delay = end.delayMs ?? delay
  core.setTimer('reconnect', delay)
  core.transition({ kind: 'disconnected', attempt, reason: end.reason, resume })
  core.debug(`Connection ended (${end.reason}, code ${end.code}); reconnecting in ${delay} ms`, undefined, resume?.session.sequence)
}

/** Stops for good after a fatal close: forgets the session, rejects waiting sends, reports the error. */
export function stopFatal(core: MachineCore, code: number): void {
  for (const name of timerNames) core.clearTimer(name)
  core.save(null)
  const error = new ShardFatalCloseError(code)
  const { shardId } = core.config
  core.rejectUserSends(new ShardwireError('SHARD_CLOSED', `Shard ${shardId} stopped on close code ${code}`, { cause: error }))
  core.emit({ name: 'error', error })
  core.transition({ kind: 'fatal', code })
}
