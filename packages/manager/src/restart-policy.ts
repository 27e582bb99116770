import { backoffDelay, InvalidOptionError } from '@shardwire/core'

/** How the manager restarts a worker that died. */
export interface WorkerRestartOptions {
  /**
   * The wait ceiling before the first restart; it doubles with each restart in the window.
   * @defaultValue 500
   */
  baseMs?: number
  /**
   * The largest wait ceiling.
   * @defaultValue 30000
   */
  maxMs?: number
  /**
   * Restarts allowed per worker within `windowMs`; one more death and the worker stays down,
   * reported as `WORKER_RESTART_LIMIT`.
   * @defaultValue 5
   */
  maxRestarts?: number
  /**
   * The window restarts are counted in.
   * @defaultValue 60000
   */
  windowMs?: number
}

/** What to do about a worker that died. */
export type RestartDecision = { readonly restart: true; readonly delayMs: number; readonly attempt: number } | { readonly restart: false; readonly restarts: number }

/**
 * Decides whether and when to restart a dead worker: capped exponential backoff with jitter,
 * and at most `maxRestarts` restarts within `windowMs`, so that a worker that dies at once
 * every time is not restarted forever.
 */
export class RestartPolicy {
  readonly #options: Required<WorkerRestartOptions>
  readonly #random: () => number
  readonly #history = new Map<number, number[]>()

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: WorkerRestartOptions = {}, random: () => number = Math.random) {
    const { baseMs = 500, maxMs = 30_000, maxRestarts = 5, windowMs = 60_000 } = options
    for (const [name, value] of Object.entries({ baseMs, maxMs, windowMs })) {
      if (!Number.isFinite(value) || value < 0) throw new InvalidOptionError(`workerRestart.${name}`, `expected a finite number of milliseconds >= 0, got ${String(value)}`)
    }
    if (!Number.isSafeInteger(maxRestarts) || maxRestarts < 0) {
      throw new InvalidOptionError('workerRestart.maxRestarts', `expected an integer >= 0, got ${String(maxRestarts)}`)
    }
    this.#options = { baseMs, maxMs, maxRestarts, windowMs }
    this.#random = random
  }

  /** Worker `workerId` died at `now` (milliseconds): restart it after `delayMs`, or not. */
  decide(workerId: number, now: number): RestartDecision {
    const { baseMs, maxMs, maxRestarts, windowMs } = this.#options
    const recent = (this.#history.get(workerId) ?? []).filter((at) => now - at < windowMs)
    if (recent.length >= maxRestarts) {
      this.#history.set(workerId, recent)
      return { restart: false, restarts: recent.length }
    }
    recent.push(now)
    this.#history.set(workerId, recent)
    const attempt = recent.length - 1
    // The shards' own reconnect backoff: capped exponential with equal jitter.
    return { restart: true, delayMs: backoffDelay(attempt, this.#random, { baseMs, maxMs }), attempt }
  }
}
