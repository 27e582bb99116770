// The terminal view: one frame redrawn in place with ANSI cursor movement.
import type { DemoEvent } from './demo-event.js'
import type { DemoSetup, DemoSnapshot } from './demo-snapshot.js'
import { renderHeader } from './render-header.js'
import { renderFrame, type DemoView } from './demo-view.js'
import { renderEvent } from './render-event.js'

const logLines = 8
const esc = '\x1b['

/** Redraws the whole frame on every update; notable events show as a short log under it. */
export class TtyView implements DemoView {
  readonly #write: (text: string) => void
  readonly #columns: () => number
  readonly #log: string[] = []
  #drawn = 0
  #last: DemoSnapshot | null = null

  /**
   * @param write - writes to the terminal
   * @param columns - the terminal's width now: longer lines are cut, since a wrapped line
   *   would throw the cursor arithmetic off
   */
  constructor(write: (text: string) => void, columns: () => number) {
    this.#write = write
    this.#columns = columns
    this.#write(`${esc}?25l`)
  }

  /** {@inheritDoc DemoView.begin} */
  begin(setup: DemoSetup): void {
    // The first frame comes with the first status; until then, the title says what is starting.
    this.#write(`${renderHeader(setup, 0)[0]}\n`)
    this.#drawn = 1
  }

  /** {@inheritDoc DemoView.event} */
  event(event: DemoEvent): void {
    this.#log.push(renderEvent(event))
    if (this.#log.length > logLines) this.#log.shift()
    if (this.#last !== null) this.#draw(this.#last)
  }

  /** {@inheritDoc DemoView.update} */
  update(snapshot: DemoSnapshot): void {
    this.#last = snapshot
    this.#draw(snapshot)
  }

  /** {@inheritDoc DemoView.finish} */
  finish(summary: readonly string[]): void {
    this.#write(`\n${summary.join('\n')}\n${esc}?25h`)
  }

  #draw(snapshot: DemoSnapshot): void {
    const width = Math.max(20, this.#columns() - 1)
    const lines = renderFrame(snapshot, this.#log).map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line))
    // Back to the first line of the previous frame, and clear everything below it.
    const up = this.#drawn > 0 ? `${esc}${this.#drawn}F` : ''
    this.#write(`${up}${esc}J${lines.join('\n')}\n`)
    this.#drawn = lines.length
  }
}
