import type { SessionInfo } from '@shardwire/core'
import type { SessionStore } from './manager-options.js'

/** A {@link SessionStore} in memory: sessions survive a worker restart, not the process. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<number, SessionInfo>()

  /** See {@link SessionStore.retrieve}. */
  retrieve(shardId: number): SessionInfo | null {
    return this.#sessions.get(shardId) ?? null
  }

  /** See {@link SessionStore.update}. */
  update(shardId: number, info: SessionInfo | null): void {
    if (info === null) this.#sessions.delete(shardId)
    else this.#sessions.set(shardId, info)
  }

  /** How many sessions are saved. */
  get size(): number {
    return this.#sessions.size
  }
}
