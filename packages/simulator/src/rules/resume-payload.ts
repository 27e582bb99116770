import type { ViolationKind } from './violations.js'

/** A validated resume (op 6) payload. */
export interface ResumeData {
  readonly token: string
  readonly sessionId: string
  /** The last sequence the client received. */
  readonly seq: number
}

/** The outcome of {@link checkResume}. */
export type ResumeCheck =
  | { readonly ok: true; readonly resume: ResumeData }
  | { readonly ok: false; readonly violation: ViolationKind; readonly detail: string }

/**
 * Judges a resume's `d`: `{ token, session_id, seq }` ("Resume Structure" in Discord's docs).
 * A wrong shape closes with 4002, a wrong token with 4004. Whether the session and `seq`
 * are still valid is the session store's call.
 */
export function checkResume(d: unknown, token: string): ResumeCheck {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) {
    return { ok: false, violation: 'resume-invalid', detail: '`d` must be an object' }
  }
  const { token: sent, session_id: sessionId, seq } = d as Record<string, unknown>
  if (typeof sent !== 'string' || typeof sessionId !== 'string') {
    return { ok: false, violation: 'resume-invalid', detail: '`token` and `session_id` must be strings' }
  }
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    return { ok: false, violation: 'resume-invalid', detail: '`seq` must be a non-negative integer' }
  }
  if (sent !== token) return { ok: false, violation: 'authentication-failed', detail: 'the token is not the bot token' }
  return { ok: true, resume: { token: sent, sessionId, seq } }
}
