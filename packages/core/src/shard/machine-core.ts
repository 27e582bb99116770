import { ShardwireError } from '../errors.js'
import { identifyPayload, resumePayload, type OutgoingPayload } from './gateway-commands.js'
import { SendQueue } from './send-queue.js'
import type { SessionInfo } from './session-info.js'
import type { ShardEffect, ShardMachineEvent, TimerName } from './shard-effect.js'
import type { ShardMachineConfig } from './shard-machine-config.js'
import type { Session, ShardState } from './shard-state.js'
import { linkOf, socketOf } from './shard-state.js'

/** Every timer the machine sets. */
export const timerNames = ['handshake', 'heartbeat', 'reconnect', 'send-window', 'session-save'] as const satisfies readonly TimerName[]

/** The timers that belong to one connection. */
export const connectionTimers = ['handshake', 'heartbeat', 'send-window'] as const satisfies readonly TimerName[]

/**
 * What the machine's handlers share: the state, the config, the outgoing queue, and the
 * effects produced by the input being handled. `transition` is the only way to change state.
 */
export class MachineCore {
  /** The config, minus the token. */
  readonly config: Omit<ShardMachineConfig, 'token'>
  /** Payloads waiting for the rate limit (and user payloads waiting for READY). */
  readonly queue: SendQueue
  readonly #token: string
  #state: ShardState = { kind: 'idle' }
  #effects: ShardEffect[] = []
  #connections = 0
  // What the last save-session effect wrote, so that the save timer writes only what changed.
  #saved: { readonly sessionId: string; readonly sequence: number } | null = null

  constructor(config: ShardMachineConfig) {
    const { token, ...rest } = config
    this.config = rest
    this.#token = token
    this.queue = new SendQueue(config.maxQueuedSends)
  }

  /** The current state. */
  get state(): ShardState {
    return this.#state
  }

  /** Returns the effects produced so far and starts a new list. */
  takeEffects(): ShardEffect[] {
    const effects = this.#effects
    this.#effects = []
    return effects
  }

  /** Replaces the state, reporting a `status` event when its kind changes. */
  transition(next: ShardState): void {
    const previous = this.#state.kind
    this.#state = next
    if (previous !== next.kind) this.emit({ name: 'status', status: next.kind, previous })
  }

  /** Adds an effect. */
  push(effect: ShardEffect): void {
    this.#effects.push(effect)
  }

  /** Reports an event (an `emit` effect). */
  emit(event: ShardMachineEvent): void {
    this.#effects.push({ type: 'emit', event })
  }

  /** Reports a structured diagnostic; never pass it anything holding the token. */
  debug(message: string, op?: number, sequence?: number | null): void {
    this.emit({ name: 'debug', message, ...(op === undefined ? {} : { op }), ...(sequence === undefined ? {} : { sequence }) })
  }

  /** Sets (or replaces) timer `name`. */
  setTimer(name: TimerName, ms: number): void {
    this.#effects.push({ type: 'set-timer', name, ms })
  }

  /** Clears timer `name` if it is pending. */
  clearTimer(name: TimerName): void {
    this.#effects.push({ type: 'clear-timer', name })
  }

  /** A new socket id; inputs of older sockets carry older ids and are ignored. */
  nextConnectionId(): number {
    return ++this.#connections
  }

  /** Whether `connection` is the socket the state holds. */
  isCurrent(connection: number): boolean {
    return socketOf(this.#state)?.id === connection
  }

  /** Saves `session` through the hook, or forgets the saved one (`null`). */
  save(session: Session | null): void {
    this.#saved = session === null ? null : { sessionId: session.sessionId, sequence: session.sequence }
    const info: SessionInfo | null = session === null
      ? null
      : { sessionId: session.sessionId, sequence: session.sequence, resumeUrl: session.resumeUrl, shardCount: this.config.shardCount }
    this.#effects.push({ type: 'save-session', info })
  }

  /** Whether `session` differs from what was last saved. */
  isUnsaved(session: Session): boolean {
    return session.sessionId !== this.#saved?.sessionId || session.sequence !== this.#saved.sequence
  }

  /** Records a session loaded through the hook as already saved. */
  markSaved(info: SessionInfo): void {
    this.#saved = { sessionId: info.sessionId, sequence: info.sequence }
  }

  /** Identify (op 2) for this shard, and a copy with the token replaced for events. */
  identify(): { payload: OutgoingPayload; shown: OutgoingPayload } {
    return identifyPayload(this.#token, { ...this.config.identify, shard: [this.config.shardId, this.config.shardCount] })
  }

  /** Resume (op 6) of `session`, and a copy with the token replaced for events. */
  resume(session: Session): { payload: OutgoingPayload; shown: OutgoingPayload } {
    return resumePayload(this.#token, session)
  }

  /** Queues one of the shard's own payloads ahead of user sends, then flushes. */
  sendPriority(payload: OutgoingPayload, shown: OutgoingPayload, now: number): void {
    this.queue.pushPriority({ data: this.config.encode(payload), payload: shown, ticket: null })
    this.flush(now)
  }

  /** Sends whatever the rate limit allows; user sends only once READY. Wakes up when a slot frees. */
  flush(now: number): void {
    const state = this.#state
    const link = linkOf(state)
    if (link === null) return
    const wakeAt = this.queue.drain(link.limiter, now, state.kind === 'ready', (item, lane) => {
      this.#effects.push({ type: 'send', data: item.data, payload: item.payload, lane, ticket: item.ticket })
    })
    if (wakeAt !== null) this.setTimer('send-window', Math.max(0, wakeAt - now))
  }

  /** Rejects every waiting user send with `error`. */
  rejectUserSends(error: ShardwireError): void {
    for (const item of this.queue.takeUser()) {
      if (item.ticket !== null) this.#effects.push({ type: 'reject-send', ticket: item.ticket, error })
    }
  }
}
