// Drives a ShardMachine on a virtual clock: carries out its timer effects, records the rest,
// and offers one-line helpers for what the server does. Not a test file itself.
import type { ShardwireError } from '../src/errors.js'
import type { GatewayPayload } from '../src/gateway-payload.js'
import { ShardMachine } from '../src/shard/shard-machine.js'
import type { ShardMachineConfig } from '../src/shard/shard-machine-config.js'
import type { SessionInfo } from '../src/shard/session-info.js'
import type { ShardEffect, ShardMachineEvent, TimerName } from '../src/shard/shard-effect.js'
import type { ShardInput } from '../src/shard/shard-input.js'
import type { ShardState } from '../src/shard/shard-state.js'

export const token = 'NzkyNzE1NDU0MTk2MDg4ODQy.X-hvzA.Ovy4MCQywSkoMRRclStW4xAYK7I'

/** A seeded PRNG (mulberry32), so jitter is deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function machineConfig(overrides: Partial<ShardMachineConfig> = {}): ShardMachineConfig {
  return {
    shardId: 1,
    shardCount: 4,
    token,
    identify: {
      intents: 513,
      properties: { os: 'linux', browser: 'shardwire', device: 'shardwire' },
      largeThreshold: 100,
      presence: null,
      compress: false,
    },
    gatewayUrl: 'wss://gateway.test',
    encoding: 'json',
    compression: 'none',
    encode: (payload) => JSON.stringify(payload),
    random: seededRandom(7),
    timeouts: { connectMs: 10_000, helloMs: 20_000, readyMs: 15_000, resumedMs: 15_000 },
    backoff: { baseMs: 1000, maxMs: 60_000 },
    reidentifyDelay: { minMs: 1000, maxMs: 5000 },
    maxResumeFailures: 3,
    sendLimit: { limit: 120, windowMs: 60_000 },
    maxQueuedSends: 10,
    sessionSaveIntervalMs: 30_000,
    ...overrides,
  }
}

type Sent = { readonly at: number; readonly connection: number; readonly lane: string; readonly ticket: number | null; readonly payload: GatewayPayload; readonly data: string }

type WithoutNow<T> = T extends unknown ? Omit<T, 'now'> : never

export class MachineHarness {
  readonly machine: ShardMachine
  now = 0
  readonly timers = new Map<TimerName, number>()
  readonly effects: ShardEffect[] = []
  readonly sent: Sent[] = []
  readonly events: ShardMachineEvent[] = []
  readonly connects: { id: number; url: string; at: number }[] = []
  readonly closes: { connection: number; code: number; at: number }[] = []
  readonly saves: (SessionInfo | null)[] = []
  readonly rejected = new Map<number, ShardwireError>()
  identifyRequests = 0
  identifyCancels = 0
  #ticket = 0

  constructor(overrides: Partial<ShardMachineConfig> = {}) {
    this.machine = new ShardMachine(machineConfig(overrides))
  }

  get state(): ShardState {
    return this.machine.state
  }

  /** The id of the socket most recently asked for. */
  get connection(): number {
    return this.connects.at(-1)?.id ?? 0
  }

  feed(input: WithoutNow<ShardInput>): ShardEffect[] {
    const effects = this.machine.handle({ ...input, now: this.now } as ShardInput)
    for (const effect of effects) this.#apply(effect)
    return effects
  }

  #apply(effect: ShardEffect): void {
    this.effects.push(effect)
    switch (effect.type) {
      case 'connect': this.connects.push({ id: effect.connection, url: effect.url, at: this.now }); break
      case 'send': {
        const data = effect.data as string
        this.sent.push({ at: this.now, connection: this.connection, lane: effect.lane, ticket: effect.ticket, payload: JSON.parse(data), data })
        break
      }
      case 'close': this.closes.push({ connection: effect.connection, code: effect.code, at: this.now }); break
      case 'set-timer': this.timers.set(effect.name, this.now + effect.ms); break
      case 'clear-timer': this.timers.delete(effect.name); break
      case 'request-identify': this.identifyRequests++; break
      case 'cancel-identify': this.identifyCancels++; break
      case 'save-session': this.saves.push(effect.info); break
      case 'reject-send': this.rejected.set(effect.ticket, effect.error); break
      case 'emit': this.events.push(effect.event); break
    }
  }

  /** Moves the clock forward, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.now + ms
    for (;;) {
      let next: [TimerName, number] | undefined
      for (const entry of this.timers) if (entry[1] <= end && (next === undefined || entry[1] < next[1])) next = entry
      if (next === undefined) break
      this.timers.delete(next[0])
      this.now = Math.max(this.now, next[1])
      this.feed({ type: 'timer', name: next[0] })
    }
    this.now = end
  }

  // --- what the user does
  start(session: SessionInfo | null = null): void { this.feed({ type: 'start', session }) }
  send(payload: { op: number; d: unknown }): number {
    const ticket = ++this.#ticket
    this.feed({ type: 'send', payload, ticket })
    return ticket
  }

  // --- what the socket and the server do
  open(): void { this.feed({ type: 'socket-opened', connection: this.connection }) }
  receive(op: number, d: unknown = null, s: number | null = null, t: string | null = null): void {
    this.feed({ type: 'message', connection: this.connection, payload: { op, d, s, t } })
  }
  hello(interval = 40_000): void { this.receive(10, { heartbeat_interval: interval }) }
  grant(): void { this.feed({ type: 'identify-granted' }) }
  ready(sessionId = 'session-1', sequence = 1, resumeUrl = 'wss://resume.test'): void {
    this.receive(0, { session_id: sessionId, resume_gateway_url: resumeUrl, v: 10 }, sequence, 'READY')
  }
  dispatch(s: number, t = 'MESSAGE_CREATE', d: unknown = {}): void { this.receive(0, d, s, t) }
  ack(): void { this.receive(11) }
  serverClose(code: number): void { this.feed({ type: 'socket-closed', connection: this.connection, code }) }

  /** Start → open → HELLO → permit → READY. */
  toReady(options: { interval?: number; sessionId?: string; sequence?: number } = {}): void {
    this.start()
    this.open()
    this.hello(options.interval)
    this.grant()
    this.ready(options.sessionId, options.sequence)
  }

  /** Waits out the reconnect timer, opens the socket and sends HELLO. */
  reconnectAndHello(interval = 40_000): void {
    const due = this.timers.get('reconnect')
    if (due === undefined) throw new Error(`no reconnect pending (state ${this.state.kind})`)
    this.advance(due - this.now)
    this.open()
    this.hello(interval)
  }

  // --- what was observed
  eventsNamed<N extends ShardMachineEvent['name']>(name: N): Extract<ShardMachineEvent, { name: N }>[] {
    return this.events.filter((event): event is Extract<ShardMachineEvent, { name: N }> => event.name === name)
  }
  sentOps(op: number): Sent[] { return this.sent.filter((entry) => entry.payload.op === op) }
  dispatchSequence(): (number | null)[] { return this.eventsNamed('dispatch').map((event) => event.payload.s) }
}
