import { ShardwireError } from '../errors.js'
import type { RetrieveSessionInfo, SessionInfo, UpdateSessionInfo } from './session-info.js'

/**
 * A shard's side of session persistence: the user's hooks when given, else memory. Saves run
 * one after another in the order asked, and a failing hook is reported, never thrown.
 */
export class SessionStore {
  readonly #shardId: number
  readonly #retrieve: RetrieveSessionInfo | null
  readonly #update: UpdateSessionInfo | null
  readonly #onError: (error: ShardwireError) => void
  #memory: SessionInfo | null = null
  #saving: Promise<void> = Promise.resolve()

  constructor(shardId: number, hooks: { retrieve: RetrieveSessionInfo | null; update: UpdateSessionInfo | null }, onError: (error: ShardwireError) => void) {
    this.#shardId = shardId
    this.#retrieve = hooks.retrieve
    this.#update = hooks.update
    this.#onError = onError
  }

  /** The saved session, or null (also when the hook fails: the shard then identifies anew). */
  async retrieve(): Promise<SessionInfo | null> {
    if (this.#retrieve === null) return this.#memory
    try {
      return (await this.#retrieve(this.#shardId)) ?? null
    } catch (cause) {
      this.#onError(new ShardwireError('SESSION_STORE_FAILED', `retrieveSessionInfo failed for shard ${this.#shardId}; identifying anew`, { cause }))
      return null
    }
  }

  /** Saves `info`, or forgets the session (`null`). */
  save(info: SessionInfo | null): void {
    this.#memory = info
    const update = this.#update
    if (update === null) return
    this.#saving = this.#saving.then(async () => {
      try {
        await update(this.#shardId, info)
      } catch (cause) {
        this.#onError(new ShardwireError('SESSION_STORE_FAILED', `updateSessionInfo failed for shard ${this.#shardId}`, { cause }))
      }
    })
  }

  /** Resolves once every save asked for so far has finished. */
  flushed(): Promise<void> {
    return this.#saving
  }
}
