import type { GatewayPayload } from '../gateway-payload.js'
import { closeAction, resumeCloseCode } from './close-code-policy.js'
import { GatewayOpcode, type ReceiveOpcode } from './gateway-opcodes.js'
import { onClose, onReconnect, onSend, onSessionSaveTimer, onStart } from './machine-commands.js'
import { connect, endConnection } from './machine-connection.js'
import { MachineCore } from './machine-core.js'
import { onDispatch } from './machine-dispatch.js'
import { onHandshakeTimeout, onHello, onIdentifyGranted, onOpen } from './machine-handshake.js'
import { onHeartbeatAck, onHeartbeatRequest, onHeartbeatTimer, onPing } from './machine-heartbeat.js'
import type { ShardEffect, TimerName } from './shard-effect.js'
import type { ShardInput } from './shard-input.js'
import type { ShardMachineConfig } from './shard-machine-config.js'
import { assertNever, type ShardState } from './shard-state.js'

type Receive = (core: MachineCore, payload: GatewayPayload, now: number) => void

// Every opcode a client receives has a handler: a missing one is a compile error.
const receive = {
  [GatewayOpcode.Dispatch]: onDispatch,
  [GatewayOpcode.Heartbeat]: (core, _payload, now) => onHeartbeatRequest(core, now),
  // Op 7: the server asks for a reconnect; the session stays resumable.
  [GatewayOpcode.Reconnect]: (core) =>
    endConnection(core, { reason: 'reconnect-requested', code: resumeCloseCode, byShard: true, action: 'resume' }),
  // Op 9: `d: true` means the session may be resumed, `false` that it is gone.
  [GatewayOpcode.InvalidSession]: (core, payload) =>
    endConnection(core, { reason: 'invalid-session', code: resumeCloseCode, byShard: true, action: payload.d === true ? 'resume' : 'reidentify' }),
  [GatewayOpcode.Hello]: onHello,
  [GatewayOpcode.HeartbeatAck]: (core, _payload, now) => onHeartbeatAck(core, now),
} as const satisfies Record<ReceiveOpcode, Receive>

// What each timer means.
const timers = {
  handshake: (core) => onHandshakeTimeout(core),
  heartbeat: (core, now) => onHeartbeatTimer(core, now),
  reconnect: (core) => {
    const state = core.state
    if (state.kind === 'disconnected') connect(core, state.attempt, state.resume)
  },
  'send-window': (core, now) => core.flush(now),
  'session-save': (core) => onSessionSaveTimer(core),
} as const satisfies Record<TimerName, (core: MachineCore, now: number) => void>

/**
 * The shard's protocol logic as a pure state machine: {@link ShardMachine.handle} takes one
 * input and returns the effects the adapter must carry out, in order. It does no I/O, reads
 * no clock and draws no random numbers of its own (inputs carry `now`; jitter comes from the
 * injected `random`), so tests drive it on a virtual clock.
 */
export class ShardMachine {
  readonly #core: MachineCore

  constructor(config: ShardMachineConfig) {
    this.#core = new MachineCore(config)
  }

  /** The current state. Treat it as read-only. */
  get state(): ShardState {
    return this.#core.state
  }

  /** User sends waiting for READY or for the rate limit. */
  get queuedSends(): number {
    return this.#core.queue.userSize
  }

  /** Feeds one input; returns the effects to carry out, in order. */
  handle(input: ShardInput): ShardEffect[] {
    const core = this.#core
    switch (input.type) {
      case 'start':
        onStart(core, input.session)
        break
      case 'socket-opened':
        if (core.isCurrent(input.connection)) onOpen(core)
        break
      case 'message':
        if (core.isCurrent(input.connection)) this.#onMessage(input.payload, input.now)
        break
      case 'decode-failed':
        if (!core.isCurrent(input.connection)) break
        core.emit({ name: 'error', error: input.error })
        // The stream context cannot be trusted after bad input: a new connection gets a fresh one.
        endConnection(core, { reason: 'decode-error', code: resumeCloseCode, byShard: true, action: 'resume' })
        break
      case 'socket-closed':
        if (core.isCurrent(input.connection)) {
          endConnection(core, { reason: 'socket-closed', code: input.code, byShard: false, action: closeAction(input.code) })
        }
        break
      case 'timer':
        timers[input.name](core, input.now)
        break
      case 'identify-granted':
        onIdentifyGranted(core, input.now)
        break
      case 'identify-failed':
        if (core.state.kind !== 'awaiting-identify') break
        core.emit({ name: 'error', error: input.error })
        endConnection(core, { reason: 'identify-failed', code: resumeCloseCode, byShard: true, action: 'resume' })
        break
      case 'send':
        onSend(core, input.payload, input.ticket, input.now)
        break
      case 'ping':
        onPing(core, input.now)
        break
      case 'close':
        onClose(core, input.code)
        break
      case 'reconnect':
        onReconnect(core, input.mode === 'resume')
        break
      default:
        assertNever(input)
    }
    return core.takeEffects()
  }

  #onMessage(payload: GatewayPayload, now: number): void {
    const handler: Receive | undefined = Object.hasOwn(receive, payload.op) ? receive[payload.op as ReceiveOpcode] : undefined
    if (handler === undefined) this.#core.debug('Ignored a payload with an opcode clients do not receive', payload.op)
    else handler(this.#core, payload, now)
  }
}
