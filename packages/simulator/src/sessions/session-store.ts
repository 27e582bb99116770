import type { Random } from '../corpus/random.js'
import { Session, type SessionInit, type SessionSink } from './session.js'

/** What a resume finds for a session id. */
export type ResumeLookup =
  | { readonly kind: 'found'; readonly session: Session }
  /** Never existed, ended, or detached for longer than the resume window. */
  | { readonly kind: 'stale' }

/**
 * Every session of the bot, by id. Detached sessions stay resumable for the resume window
 * (Discord: "a few minutes") and are ended lazily when looked at after it.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>()
  readonly #resumeWindowMs: number
  readonly #random: Random

  /**
   * @param resumeWindowMs - how long a detached session stays resumable
   * @param random - seeded source of session ids
   */
  constructor(resumeWindowMs: number, random: Random) {
    this.#resumeWindowMs = resumeWindowMs
    this.#random = random
  }

  /** A new session id: 32 hex digits, like Discord's. */
  nextId(): string {
    let id = this.#random.hex(16)
    while (this.#sessions.has(id)) id = this.#random.hex(16)
    return id
  }

  /** Creates a session attached to `sink`. */
  create(init: SessionInit, sink: SessionSink): Session {
    const session = new Session(init, sink)
    this.#sessions.set(session.id, session)
    return session
  }

  #expire(session: Session, now: number): boolean {
    const { state } = session
    if (state.kind === 'detached' && now - state.since > this.#resumeWindowMs) {
      session.end(now, 'resume window elapsed')
    }
    if (session.state.kind === 'ended') {
      this.#sessions.delete(session.id)
      return true
    }
    return false
  }

  /** Looks a session up for a resume. */
  lookup(id: string, now: number): ResumeLookup {
    const session = this.#sessions.get(id)
    if (session === undefined || this.#expire(session, now)) return { kind: 'stale' }
    return { kind: 'found', session }
  }

  /** Sessions that still receive dispatches (attached, or detached within the window), by shard id. */
  live(now: number): Session[] {
    const out: Session[] = []
    for (const session of this.#sessions.values()) {
      if (!this.#expire(session, now)) out.push(session)
    }
    return out.sort((a, b) => a.shard[0] - b.shard[0] || a.shard[1] - b.shard[1])
  }

  /** Ends every session (used when a restart forgets them, and on close). */
  endAll(now: number, reason: string): void {
    for (const session of this.#sessions.values()) session.end(now, reason)
    this.#sessions.clear()
  }
}
