import type { ShardwireError } from '../errors.js'
import type { GatewayPayload } from '../gateway-payload.js'
import type { OutgoingPayload } from './gateway-commands.js'
import type { SessionInfo } from './session-info.js'
import type { TimerName } from './shard-effect.js'

/** How `reconnect()` reconnects: resume the session, or start a fresh one ("reinstantiate"). */
export type ReconnectMode = 'resume' | 'reidentify'

/**
 * Everything that can happen to a shard, fed to the machine by its adapter. Every input
 * carries `now` (monotonic milliseconds): the machine has no clock of its own. Socket inputs
 * carry the `connection` id from the `connect` effect, so late events of an old socket are ignored.
 */
export type ShardInput =
  /** `connect()`: start, resuming `session` when one was saved. */
  | { readonly type: 'start'; readonly now: number; readonly session: SessionInfo | null }
  | { readonly type: 'socket-opened'; readonly now: number; readonly connection: number }
  /** A whole message, decompressed and decoded. */
  | { readonly type: 'message'; readonly now: number; readonly connection: number; readonly payload: GatewayPayload }
  /** A message could not be decompressed or decoded. */
  | { readonly type: 'decode-failed'; readonly now: number; readonly connection: number; readonly error: ShardwireError }
  /** The socket closed: `code` is 1005 when the frame had none, 1006 when the socket dropped or never opened. */
  | { readonly type: 'socket-closed'; readonly now: number; readonly connection: number; readonly code: number }
  | { readonly type: 'timer'; readonly now: number; readonly name: TimerName }
  | { readonly type: 'identify-granted'; readonly now: number }
  | { readonly type: 'identify-failed'; readonly now: number; readonly error: ShardwireError }
  /** `send(payload)`; `ticket` names the caller's promise in the `send` and `reject-send` effects. */
  | { readonly type: 'send'; readonly now: number; readonly payload: OutgoingPayload; readonly ticket: number }
  /** `ping()`: heartbeat now unless a heartbeat already waits for its ACK. */
  | { readonly type: 'ping'; readonly now: number }
  | { readonly type: 'close'; readonly now: number; readonly code: number }
  | { readonly type: 'reconnect'; readonly now: number; readonly mode: ReconnectMode }
