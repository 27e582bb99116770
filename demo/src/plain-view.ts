// The plain view, for pipes and CI: progressive lines, never a redraw.
import type { DemoEvent } from './demo-event.js'
import type { DemoSetup, DemoSnapshot } from './demo-snapshot.js'
import { renderStatusLine, type DemoView } from './demo-view.js'
import { renderEvent } from './render-event.js'
import { renderHeader } from './render-header.js'
import { renderShardTable } from './render-shards.js'
import { renderWorkerLines } from './render-workers.js'

/** How often the status line is printed. */
export const plainStatusEveryMs = 5000

/** Prints each notable event as it happens, a status line every few seconds, and the tables at the end. */
export class PlainView implements DemoView {
  readonly #write: (text: string) => void
  #lastStatusAt = -Infinity
  #last: DemoSnapshot | null = null

  /** @param write - writes to stdout */
  constructor(write: (text: string) => void) {
    this.#write = write
  }

  /** {@inheritDoc DemoView.begin} */
  begin(setup: DemoSetup): void {
    for (const line of renderHeader(setup, 0)) this.#line(line)
  }

  /** {@inheritDoc DemoView.event} */
  event(event: DemoEvent): void {
    this.#line(renderEvent(event))
  }

  /** {@inheritDoc DemoView.update} */
  update(snapshot: DemoSnapshot): void {
    this.#last = snapshot
    if (snapshot.elapsedMs - this.#lastStatusAt < plainStatusEveryMs) return
    this.#lastStatusAt = snapshot.elapsedMs
    this.#line(renderStatusLine(snapshot))
  }

  /** {@inheritDoc DemoView.finish} */
  finish(summary: readonly string[]): void {
    if (this.#last !== null) {
      for (const line of ['', ...renderShardTable(this.#last.shards), '', ...renderWorkerLines(this.#last.workers), '']) this.#line(line)
    }
    for (const line of summary) this.#line(line)
  }

  #line(text: string): void {
    this.#write(`${text}\n`)
  }
}
