// A virtual Clock for timed parts (LocalIdentifyQueue): time moves only when a test advances it.
import type { Clock } from '../src/shard/clock.js'

export class VirtualClock implements Clock {
  readonly #settle: () => Promise<void>
  #now = 0
  #nextId = 0
  readonly #timers = new Map<number, { at: number; callback: () => void }>()

  /** @param settleAfterTimer - what to wait for after each timer fires (more turns when a bridge carries messages) */
  constructor(settleAfterTimer: () => Promise<void> = settle) {
    this.#settle = settleAfterTimer
  }

  now(): number {
    return this.#now
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.#nextId
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number)
  }

  /** Pending timers. */
  get pending(): number {
    return this.#timers.size
  }

  /** Moves time forward by `ms`, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms
    await this.#settle()
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined
      for (const entry of this.#timers) if (entry[1].at <= end && (next === undefined || entry[1].at < next[1].at)) next = entry
      if (next === undefined) break
      this.#timers.delete(next[0])
      this.#now = next[1].at
      next[1].callback()
      await this.#settle()
    }
    this.#now = end
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}
