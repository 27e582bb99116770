// `pnpm demo`: parses the flags, picks the view (redrawn on a terminal, plain lines in a
// pipe), runs the demo, prints the summary, and exits 0 only if nothing was lost.
import process from 'node:process'
import { ShardwireError } from '@shardwire/core'
import { demoUsage, parseDemoFlags, type DemoCommand } from './demo-flags.js'
import type { DemoView } from './demo-view.js'
import { PlainView } from './plain-view.js'
import { renderSummary, summaryExitCode } from './render-summary.js'
import { runDemo } from './run-demo.js'
import { TtyView } from './tty-view.js'

function parse(): DemoCommand {
  try {
    return parseDemoFlags(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof ShardwireError)) throw error
    process.stderr.write(`${error.message}\n\n${demoUsage}\n`)
    process.exit(2)
  }
}

async function main(): Promise<number> {
  const command = parse()
  if (command.kind === 'help') {
    process.stdout.write(`${demoUsage}\n`)
    return 0
  }
  const write = (text: string): void => void process.stdout.write(text)
  const tty = process.stdout.isTTY === true
  const view: DemoView = tty ? new TtyView(write, () => process.stdout.columns ?? 100) : new PlainView(write)
  const stop = new AbortController()
  // The first Ctrl-C ends the run with its summary; a second one does not wait for it.
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(130)
    stop.abort()
  })
  try {
    const summary = await runDemo(command.flags, view, stop.signal)
    view.finish(renderSummary(summary))
    return summaryExitCode(summary)
  } catch (error) {
    if (tty) write('\x1b[?25h')
    const text = error instanceof ShardwireError ? `${error.code}: ${error.message}` : String(error)
    process.stderr.write(`\nthe demo could not run: ${text}\n`)
    return 1
  }
}

const code = await main()
process.exitCode = code
// Everything was closed; should a stray handle remain, the demo still ends.
setTimeout(() => process.exit(code), 2000).unref()
