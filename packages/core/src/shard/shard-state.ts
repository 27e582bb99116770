import type { SendLimiter } from './send-limiter.js'

/** A live gateway session. `sequence` is the last dispatch sequence received; it moves with every dispatch. */
export interface Session {
  readonly sessionId: string
  readonly resumeUrl: string
  sequence: number
}

/** A session to resume, with how many resumes of it failed in a row (the resume-loop breaker counts these). */
export interface ResumeTarget {
  readonly session: Session
  readonly failures: number
}

/** One socket, from the moment it is asked for. `id` tells its inputs from those of older sockets. */
export interface Socket {
  readonly id: number
  readonly url: string
}

/** A socket that received HELLO: it heartbeats and rate-limits what it sends. */
export interface Link extends Socket {
  readonly heartbeatIntervalMs: number
  /** When the oldest heartbeat still waiting for its ACK was sent; null when all were acknowledged. */
  pendingHeartbeatSince: number | null
  readonly limiter: SendLimiter
}

/** Why a connection ended, as reported in the `close` event. */
export type DisconnectReason =
  /** The server closed the socket, or it dropped. */
  | 'socket-closed'
  /** Op 7 Reconnect. */
  | 'reconnect-requested'
  /** Op 9 Invalid Session. */
  | 'invalid-session'
  /** No ACK for the last heartbeat. */
  | 'zombie'
  | 'connect-timeout'
  | 'hello-timeout'
  | 'ready-timeout'
  | 'resumed-timeout'
  /** A message could not be decompressed or decoded. */
  | 'decode-error'
  /** HELLO or READY lacked what the protocol promises. */
  | 'protocol-error'
  /** The identify queue refused or timed out. */
  | 'identify-failed'
  /** `reconnect()` was called. */
  | 'reconnect-called'
  /** `close()` was called. */
  | 'closed'

/**
 * Everything a shard is doing, as one tagged union. Each variant carries only its own data.
 * `attempt` counts reconnects since the last READY or RESUMED and drives the backoff.
 */
export type ShardState =
  /** Never started. */
  | { readonly kind: 'idle' }
  /** A socket is opening (to the resume URL when `resume` is set). */
  | { readonly kind: 'connecting'; readonly attempt: number; readonly socket: Socket; readonly resume: ResumeTarget | null }
  /** The socket is open; HELLO has not come yet. */
  | { readonly kind: 'waiting-hello'; readonly attempt: number; readonly socket: Socket; readonly resume: ResumeTarget | null }
  /** Heartbeating, waiting for the identify queue's permit. */
  | { readonly kind: 'awaiting-identify'; readonly attempt: number; readonly link: Link }
  /** Identify sent, waiting for READY. */
  | { readonly kind: 'identifying'; readonly attempt: number; readonly link: Link }
  /** Resume sent; dispatches are replays until RESUMED. */
  | { readonly kind: 'resuming'; readonly attempt: number; readonly link: Link; readonly resume: ResumeTarget; replayed: number }
  /** A live session. */
  | { readonly kind: 'ready'; readonly link: Link; readonly session: Session }
  /** Between connections, waiting out a backoff; `resume` is what the next connection resumes. */
  | { readonly kind: 'disconnected'; readonly attempt: number; readonly reason: DisconnectReason; readonly resume: ResumeTarget | null }
  /** Stopped by a close code that forbids reconnecting. */
  | { readonly kind: 'fatal'; readonly code: number }
  /** Stopped by `close()`. */
  | { readonly kind: 'closed' }

/** What a shard is doing: the `kind` of its `ShardState` (internal). */
export type ShardStatus = ShardState['kind']

/** Reports a missing case at compile time, and an impossible value at run time. */
export function assertNever(value: never): never {
  throw new TypeError(`Unexpected value: ${JSON.stringify(value)}`)
}

/** The state's socket, if one is open or opening. */
export function socketOf(state: ShardState): Socket | null {
  switch (state.kind) {
    case 'connecting':
    case 'waiting-hello':
      return state.socket
    case 'awaiting-identify':
    case 'identifying':
    case 'resuming':
    case 'ready':
      return state.link
    case 'idle':
    case 'disconnected':
    case 'fatal':
    case 'closed':
      return null
    default:
      return assertNever(state)
  }
}

/** The state's link, if its socket has received HELLO. */
export function linkOf(state: ShardState): Link | null {
  switch (state.kind) {
    case 'awaiting-identify':
    case 'identifying':
    case 'resuming':
    case 'ready':
      return state.link
    case 'idle':
    case 'connecting':
    case 'waiting-hello':
    case 'disconnected':
    case 'fatal':
    case 'closed':
      return null
    default:
      return assertNever(state)
  }
}

/** The session the state holds or means to resume. A `ready` state's resume target has no failures yet. */
export function resumeTargetOf(state: ShardState): ResumeTarget | null {
  switch (state.kind) {
    case 'connecting':
    case 'waiting-hello':
    case 'disconnected':
      return state.resume
    case 'resuming':
      return state.resume
    case 'ready':
      return { session: state.session, failures: 0 }
    case 'idle':
    case 'awaiting-identify':
    case 'identifying':
    case 'fatal':
    case 'closed':
      return null
    default:
      return assertNever(state)
  }
}
