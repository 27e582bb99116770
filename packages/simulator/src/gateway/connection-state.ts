import type { Session } from '../sessions/session.js'

/**
 * Where one gateway connection is, as a tagged union: waiting for identify or resume (also
 * after an op 9), carrying a session, or closed.
 */
export type ConnectionState =
  | { readonly kind: 'awaiting-session' }
  | { readonly kind: 'live'; readonly session: Session }
  | { readonly kind: 'closed' }
