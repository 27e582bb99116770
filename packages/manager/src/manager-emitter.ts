import { EventEmitter } from 'node:events'
import { rethrowLater } from '@shardwire/core'
import type { EventFilter } from '@shardwire/worker'
import { lifecycleEventNames, type ManagerEventMap } from './manager-events.js'

/**
 * The manager's listeners, and the event filter they imply: the dispatch names someone
 * listens to (plus READY, which the manager needs), or every name for a `dispatch` listener.
 */
export class ManagerEmitter {
  readonly #emitter = new EventEmitter()
  readonly #changed: () => void

  /** @param changed - called after each listener change, to push the filter to the workers */
  constructor(changed: () => void) {
    this.#changed = changed
  }

  /** Adds a listener, once or for good. */
  add<K extends keyof ManagerEventMap>(name: K, listener: (...args: ManagerEventMap[K]) => void, once: boolean): void {
    if (once) this.#emitter.once(name, listener as (...args: unknown[]) => void)
    else this.#emitter.on(name, listener as (...args: unknown[]) => void)
    this.#changed()
  }

  /** Removes a listener. */
  remove<K extends keyof ManagerEventMap>(name: K, listener: (...args: ManagerEventMap[K]) => void): void {
    this.#emitter.off(name, listener as (...args: unknown[]) => void)
    this.#changed()
  }

  /** Whether anyone listens to `name`. */
  has(name: string): boolean {
    return this.#emitter.listenerCount(name) > 0
  }

  /**
   * Emits to the listeners of `name`; returns whether there were any. A listener that throws
   * does not break delivery: its error is rethrown outside, as the listener's own.
   */
  emit(name: string, ...args: unknown[]): boolean {
    if (this.#emitter.listenerCount(name) === 0) return false
    try {
      this.#emitter.emit(name, ...args)
    } catch (error) {
      rethrowLater(error)
    }
    return true
  }

  /** The dispatch names the workers must forward. */
  filter(): EventFilter {
    if (this.has('dispatch')) return null
    const names = this.#emitter.eventNames().filter((name): name is string => typeof name === 'string' && !lifecycleEventNames.has(name))
    return [...new Set(['READY', ...names])].sort()
  }
}
