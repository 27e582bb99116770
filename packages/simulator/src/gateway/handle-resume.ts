import { closeCodes } from '../rules/close-codes.js'
import { checkResume } from '../rules/resume-payload.js'
import type { GatewayConnection } from './gateway-connection.js'

const resumedTrace = { _trace: ['["shardwire-simulator",{"micros":0}]'] }

/**
 * Op 6. A bad shape closes with 4002, a bad token with 4004, a resume on a connection with a
 * session with 4005. A stale session (unknown, ended, or past the resume window) gets op 9
 * `d: false`; so does a sequence the session cannot replay from (or 4007, by option). Else
 * the missed dispatches are replayed in order, then RESUMED with the next sequence.
 */
export function handleResume(connection: GatewayConnection, d: unknown): void {
  const { ctx } = connection
  const now = connection.now()
  const onResumeUrl = connection.record.onResumeUrl
  const base = { at: now, connectionId: connection.connectionId, onResumeUrl }
  if (connection.state.kind === 'live') {
    ctx.recorder.resume({ ...base, sessionId: null, seq: null, outcome: 'rejected', replayed: 0 })
    return connection.violate('already-authenticated', 'resume on a connection that already has a session')
  }
  const check = checkResume(d, ctx.options.token)
  if (!check.ok) {
    ctx.recorder.resume({ ...base, sessionId: null, seq: null, outcome: 'rejected', replayed: 0 })
    return connection.violate(check.violation, check.detail)
  }
  const { sessionId, seq } = check.resume
  const lookup = ctx.sessions.lookup(sessionId, now)
  if (lookup.kind === 'stale') {
    ctx.recorder.resume({ ...base, sessionId, seq, outcome: 'unknown-session', replayed: 0 })
    return connection.invalidateSession(false)
  }
  const { session } = lookup
  const missed = session.replayAfter(seq)
  if (missed === null) {
    ctx.recorder.resume({ ...base, sessionId, seq, outcome: 'invalid-seq', replayed: 0 })
    const detail = `seq ${seq} cannot be resumed (the session is at ${session.seq})`
    ctx.recorder.violation({ at: now, connectionId: connection.connectionId, kind: 'invalid-seq', detail, shardId: session.shardId })
    session.end(now, 'invalid seq on resume')
    if (ctx.options.invalidSeqReaction === 'close') return connection.closeWith(closeCodes.INVALID_SEQ.code, detail)
    return connection.invalidateSession(false)
  }
  // A session still held by an older socket (the client gave up on it first) moves here.
  if (session.state.kind === 'attached' && session.state.sink.connectionId !== connection.connectionId) {
    const previous = session.state.sink.connectionId
    session.detach(previous, now)
    ctx.connection(previous)?.closeWith(closeCodes.UNKNOWN_ERROR.code, 'Session resumed on another connection')
  }
  session.attach(connection)
  connection.becomeLive(session)
  for (const entry of missed) connection.deliver(entry)
  session.record.resumes++
  ctx.recorder.resume({ ...base, sessionId, seq, outcome: 'resumed', replayed: missed.length })
  session.dispatch('RESUMED', resumedTrace)
}
