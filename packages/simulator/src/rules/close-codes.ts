/**
 * The gateway close codes the simulator sends, as Discord documents them in "Gateway Close
 * Event Codes". `endsSession` says whether the session can still be resumed after the
 * simulator closes with that code: Discord asks for a new session after 4007 and 4009, and
 * the fatal codes end the bot's connection for good.
 */
export const closeCodes = {
  UNKNOWN_ERROR: { code: 4000, reason: 'Unknown error', endsSession: false },
  UNKNOWN_OPCODE: { code: 4001, reason: 'Unknown opcode', endsSession: false },
  DECODE_ERROR: { code: 4002, reason: 'Decode error', endsSession: false },
  NOT_AUTHENTICATED: { code: 4003, reason: 'Not authenticated', endsSession: false },
  AUTHENTICATION_FAILED: { code: 4004, reason: 'Authentication failed', endsSession: true },
  ALREADY_AUTHENTICATED: { code: 4005, reason: 'Already authenticated', endsSession: false },
  INVALID_SEQ: { code: 4007, reason: 'Invalid seq', endsSession: true },
  RATE_LIMITED: { code: 4008, reason: 'Rate limited', endsSession: false },
  SESSION_TIMED_OUT: { code: 4009, reason: 'Session timed out', endsSession: true },
  INVALID_SHARD: { code: 4010, reason: 'Invalid shard', endsSession: true },
  SHARDING_REQUIRED: { code: 4011, reason: 'Sharding required', endsSession: true },
  INVALID_API_VERSION: { code: 4012, reason: 'Invalid API version', endsSession: true },
  INVALID_INTENTS: { code: 4013, reason: 'Invalid intent(s)', endsSession: true },
  DISALLOWED_INTENTS: { code: 4014, reason: 'Disallowed intent(s)', endsSession: true },
} as const satisfies Record<string, { code: number; reason: string; endsSession: boolean }>

/** The name of a close code in {@link closeCodes}. */
export type CloseCodeName = keyof typeof closeCodes

/**
 * Whether a close with `code` sent by the server ends the session it carried. Codes outside
 * the table (for example 1011 or 4900 injected by a fault) keep it resumable, as a dropped
 * TCP connection does; 1000 and 1001 end it, mirroring what Discord does when a client
 * closes with them ("Disconnecting" in the gateway docs).
 */
export function closeEndsSession(code: number): boolean {
  if (code === 1000 || code === 1001) return true
  for (const entry of Object.values(closeCodes)) {
    if (entry.code === code) return entry.endsSession
  }
  return false
}

/**
 * Whether a close the client sent with `code` ends its session: only 1000 and 1001 do
 * (Discord's "Disconnecting" section); anything else, or no close frame at all, leaves the
 * session resumable for the resume window.
 */
export function clientCloseEndsSession(code: number): boolean {
  return code === 1000 || code === 1001
}

/**
 * Whether a code may travel in a close frame (RFC 6455, section 7.4): 1000 to 1014 except
 * the reserved 1004, 1005 and 1006, or 3000 to 4999. A dropped socket (1006) is the `drop`
 * fault, not a close.
 */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
}
