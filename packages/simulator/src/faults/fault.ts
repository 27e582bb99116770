import { InvalidOptionError } from '@shardwire/core'

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

// What each kind's own fields must hold; a missing entry is a compile error.
const faultFieldChecks = {
  drop: () => null,
  close: (f) => (typeof f.code === 'number' ? null : ['code', 'expected a close code number']),
  reconnect: () => null,
  'invalid-session': (f) => (typeof f.resumable === 'boolean' ? null : ['resumable', 'expected a boolean']),
  'request-heartbeat': () => null,
  zombie: () => null,
  stall: (f) => (f.ms === undefined || isDuration(f.ms) ? null : ['ms', 'expected a number of milliseconds >= 0, or undefined']),
  'corrupt-frame': () => null,
  'malformed-payload': () => null,
  'slow-consumer': (f) => (isDuration(f.delayMs) ? null : ['delayMs', 'expected a number of milliseconds >= 0']),
  restart: (f) => (f.downtimeMs === undefined || isDuration(f.downtimeMs) ? null : ['downtimeMs', 'expected a number of milliseconds >= 0']),
} as const satisfies { [K in FaultKind]: (fault: Extract<Fault, { kind: K }>) => readonly [string, string] | null }

function isDuration(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

/**
 * Checks a fault that may come from untyped code: a known `kind` and sound fields.
 * @throws InvalidOptionError naming the bad field
 */
export function assertFault(fault: unknown): asserts fault is Fault {
  const kind = (fault as { kind?: unknown } | null)?.kind
  if (typeof kind !== 'string' || !Object.hasOwn(faultFieldChecks, kind)) {
    const kinds = Object.keys(faultFieldChecks).map((k) => `'${k}'`).join(', ')
    throw new InvalidOptionError('kind', `expected a fault of kind ${kinds}, got ${String(kind)}`)
  }
  const check = faultFieldChecks[kind as FaultKind] as (f: Fault) => readonly [string, string] | null
  const problem = check(fault as Fault)
  if (problem !== null) throw new InvalidOptionError(problem[0], `${problem[1]} (fault '${kind}')`)
}
