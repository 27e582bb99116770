/**
 * A fault the simulator can inject, as a tagged union. Each acts on the targeted connections
 * (see `FaultTarget`) except `restart`, which acts on the whole server.
 */
export type Fault =
  /** Destroy the TCP socket without a close frame (the client sees 1006). */
  | { readonly kind: 'drop' }
  /** Close with any code, fatal ones included. */
  | { readonly kind: 'close'; readonly code: number; readonly reason?: string }
  /** Send op 7 Reconnect; the session stays resumable. */
  | { readonly kind: 'reconnect' }
  /** Send op 9; `resumable: false` also ends the session. */
  | { readonly kind: 'invalid-session'; readonly resumable: boolean }
  /** Send op 1: ask for a heartbeat now. */
  | { readonly kind: 'request-heartbeat' }
  /** Stop acknowledging heartbeats, for the rest of the connection. */
  | { readonly kind: 'zombie' }
  /** Freeze both directions: hold outgoing frames, stop reading. Forever when `ms` is absent. */
  | { readonly kind: 'stall'; readonly ms?: number }
  /** Send bytes the client's decompressor (or decoder, without compression) must reject. */
  | { readonly kind: 'corrupt-frame' }
  /** Send a well-compressed message that is not a valid payload in the connection's encoding. */
  | { readonly kind: 'malformed-payload' }
  /** Read the client slowly: each incoming message waits `delayMs` with the socket paused. */
  | { readonly kind: 'slow-consumer'; readonly delayMs: number }
  /** Drop every socket, stop listening for `downtimeMs`, then listen again on the same port. */
  | { readonly kind: 'restart'; readonly downtimeMs?: number }

/** The `kind` of a {@link Fault}. */
export type FaultKind = Fault['kind']
