// A SessionStore in a JSON file, so that a new process resumes the sessions the old one left
// open. One process per file; for several processes or machines use RedisSessionStore.
import { readFileSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import type { SessionInfo } from '@shardwire/core'
import type { SessionStore } from '@shardwire/manager'

/** Sessions by shard id in one JSON file, written whole (through a temporary file) on each change. */
export class FileSessionStore implements SessionStore {
  readonly #path: string
  readonly #sessions: Map<number, SessionInfo>
  // Writes in order, so an older snapshot never lands after a newer one.
  #writing: Promise<void> = Promise.resolve()

  constructor(path: string) {
    this.#path = path
    this.#sessions = new Map(Object.entries(readSessions(path)).map(([shardId, info]) => [Number(shardId), info]))
  }

  /** The saved session of `shardId`; the manager checks its shape and shard count before using it. */
  retrieve(shardId: number): SessionInfo | null {
    return this.#sessions.get(shardId) ?? null
  }

  /** Saves (or forgets, with null) the session of `shardId`. Called on a timer and on close, never per event. */
  update(shardId: number, info: SessionInfo | null): Promise<void> {
    if (info === null) this.#sessions.delete(shardId)
    else this.#sessions.set(shardId, info)
    const snapshot = JSON.stringify(Object.fromEntries(this.#sessions), null, 2)
    this.#writing = this.#writing.then(async () => {
      await writeFile(`${this.#path}.tmp`, snapshot)
      await rename(`${this.#path}.tmp`, this.#path)
    })
    return this.#writing
  }

  /** Resolves once every update so far is on disk: await it before the process exits. */
  flush(): Promise<void> {
    return this.#writing
  }

  /** How many sessions are saved. */
  get size(): number {
    return this.#sessions.size
  }
}

function readSessions(path: string): Record<string, SessionInfo> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, SessionInfo>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
}
