/**
 * What a shard does after its connection closes:
 * - `resume`: reconnect and resume the session (identify anew when there is none);
 * - `reidentify`: the session is gone, reconnect and identify anew;
 * - `fatal`: stop, and surface a typed error; retrying cannot succeed.
 */
export type CloseAction = 'resume' | 'reidentify' | 'fatal'

/** The close codes with a documented meaning: Discord's gateway codes, plus 1000 and 1001. */
export type KnownCloseCode =
  | 1000 | 1001
  | 4000 | 4001 | 4002 | 4003 | 4004 | 4005 | 4007 | 4008 | 4009
  | 4010 | 4011 | 4012 | 4013 | 4014

/**
 * Discord's "Gateway Close Event Codes", as decisions. The compiler checks that every known
 * code has one. Codes missing from the table (1006 for a dropped socket, 1011, our own 4900)
 * keep the session resumable.
 */
export const closeCodePolicy = {
  // A normal close ends the session on Discord's side ("Disconnecting").
  1000: 'reidentify',
  1001: 'reidentify',
  4000: 'resume', // unknown error
  4001: 'resume', // unknown opcode
  4002: 'resume', // decode error
  4003: 'resume', // not authenticated
  4004: 'fatal', // authentication failed: the token is wrong
  4005: 'resume', // already authenticated
  4007: 'reidentify', // invalid seq
  4008: 'resume', // rate limited
  4009: 'reidentify', // session timed out
  4010: 'fatal', // invalid shard
  4011: 'fatal', // sharding required
  4012: 'fatal', // invalid API version
  4013: 'fatal', // invalid intents
  4014: 'fatal', // disallowed intents
} as const satisfies Record<KnownCloseCode, CloseAction>

/**
 * The close code a shard sends when it drops a connection it wants to resume (a zombie, op 7,
 * a decode error, a timeout). Any code but 1000 and 1001 keeps the session; this one is in
 * the private-use range so that it never reads as one of Discord's.
 */
export const resumeCloseCode = 4900

/** What to do after a close with `code` (1005 when the frame had none, 1006 when the socket dropped). */
export function closeAction(code: number): CloseAction {
  return Object.hasOwn(closeCodePolicy, code) ? closeCodePolicy[code as KnownCloseCode] : 'resume'
}
