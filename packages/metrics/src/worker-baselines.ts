/**
 * Turns a worker's running totals (counts since its thread started, read by polling) into
 * increments for Prometheus counters. A restarted worker starts again from zero: its
 * `workerStart` bumps the worker's epoch and forgets the old totals, and a poll answered
 * across a restart (its epoch changed while it ran) is skipped rather than guessed at.
 */
export class WorkerBaselines {
  readonly #epochs = new Map<number, number>()
  readonly #totals = new Map<number, Map<string, number>>()

  /** Worker `workerId` (re)started: its totals begin at zero. */
  started(workerId: number): void {
    this.#epochs.set(workerId, this.epoch(workerId) + 1)
    this.#totals.delete(workerId)
  }

  /** The number of starts seen for worker `workerId`; compare before and after a poll. */
  epoch(workerId: number): number {
    return this.#epochs.get(workerId) ?? 0
  }

  /** Every worker's epoch now (absent: 0). */
  epochs(): ReadonlyMap<number, number> {
    return new Map(this.#epochs)
  }

  /** How much `key`'s total grew since the last call for it; the whole total the first time. */
  increase(workerId: number, key: string, total: number): number {
    let totals = this.#totals.get(workerId)
    if (totals === undefined) {
      totals = new Map()
      this.#totals.set(workerId, totals)
    }
    const previous = totals.get(key) ?? 0
    totals.set(key, total)
    // Lower than before: a restart whose workerStart this poll overtook; the total is all new.
    return total >= previous ? total - previous : total
  }
}
