import type { ShardwireError } from '../errors.js'
import type { GatewayPayload } from '../gateway-payload.js'
import type { OutgoingPayload } from './gateway-commands.js'
import type { SendLane } from './send-limiter.js'
import type { SessionInfo } from './session-info.js'
import type { DisconnectReason, ShardStatus } from './shard-state.js'

/**
 * The machine's timers. Setting one that is pending replaces it. `handshake` bounds each step
 * of a connection (open, HELLO, READY, RESUMED) and the state says which step it bounds.
 */
export type TimerName = 'handshake' | 'heartbeat' | 'reconnect' | 'send-window' | 'session-save'

/** Something the machine reports; the adapter turns each into a `Shard` event. */
export type ShardMachineEvent =
  | { readonly name: 'status'; readonly status: ShardStatus; readonly previous: ShardStatus }
  | { readonly name: 'open'; readonly url: string }
  | { readonly name: 'close'; readonly code: number; readonly reconnect: boolean; readonly reason: DisconnectReason }
  | { readonly name: 'error'; readonly error: ShardwireError }
  | { readonly name: 'ready'; readonly sessionId: string; readonly resumeUrl: string; readonly payload: GatewayPayload }
  | { readonly name: 'resumed'; readonly replayed: number }
  | { readonly name: 'dispatch'; readonly payload: GatewayPayload }
  | { readonly name: 'heartbeat'; readonly latency: number }
  | { readonly name: 'debug'; readonly message: string; readonly op?: number; readonly sequence?: number | null }

/** Something the adapter must do. The machine returns these from every input, in order. */
export type ShardEffect =
  /** Open a socket to `url`, dropping whatever buffers and decompression context the last one had. */
  | { readonly type: 'connect'; readonly connection: number; readonly url: string }
  /**
   * Write `data` (already encoded, at most 4096 bytes) to the socket. `payload` is what it
   * encodes, with any token replaced, fit for the `send` event. `ticket` settles a `send()` call.
   */
  | { readonly type: 'send'; readonly data: string | Uint8Array; readonly payload: OutgoingPayload; readonly lane: SendLane; readonly ticket: number | null }
  /** Close socket `connection` with `code`; stop reading from it at once. */
  | { readonly type: 'close'; readonly connection: number; readonly code: number }
  | { readonly type: 'set-timer'; readonly name: TimerName; readonly ms: number }
  | { readonly type: 'clear-timer'; readonly name: TimerName }
  /** Ask the identify queue for a permit; answer with `identify-granted` or `identify-failed`. */
  | { readonly type: 'request-identify' }
  /** Withdraw the pending identify request. */
  | { readonly type: 'cancel-identify' }
  /** Save the session through `updateSessionInfo`, or forget it (`null`). */
  | { readonly type: 'save-session'; readonly info: SessionInfo | null }
  /** Reject the `send()` call holding `ticket`. */
  | { readonly type: 'reject-send'; readonly ticket: number; readonly error: ShardwireError }
  | { readonly type: 'emit'; readonly event: ShardMachineEvent }
