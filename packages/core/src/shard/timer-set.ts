/** Named one-shot timers on the process clock: setting a name that is pending replaces it. */
export class TimerSet<N extends string> {
  readonly #timers = new Map<N, NodeJS.Timeout>()

  /** Calls `fire` in `ms`, replacing any pending timer of that name. */
  set(name: N, ms: number, fire: () => void): void {
    clearTimeout(this.#timers.get(name))
    this.#timers.set(name, setTimeout(() => {
      this.#timers.delete(name)
      fire()
    }, ms))
  }

  /** Cancels timer `name` if it is pending. */
  clear(name: N): void {
    clearTimeout(this.#timers.get(name))
    this.#timers.delete(name)
  }

  /** Names of the pending timers. */
  get pending(): N[] {
    return [...this.#timers.keys()]
  }
}
