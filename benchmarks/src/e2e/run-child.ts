import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

/**
 * Forks a TypeScript module of this folder with `args` and extra Node flags. With `dist`, the
 * `@shardwire/*` packages resolve to their builds (`dist/`) instead of their sources.
 */
export function forkTs(file: string, args: readonly string[] = [], extraExecArgv: readonly string[] = [], dist = false): ChildProcess {
  const execArgv = [...(dist ? [] : ['--conditions=shardwire-source']), '--import', 'tsx', ...extraExecArgv]
  return fork(new URL(file, import.meta.url), [...args], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

/** The child's next message that `accept` takes, or a rejection after `timeoutMs` or on exit. */
export async function nextMessage<T>(child: ChildProcess, accept: (message: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)
    const onMessage = (message: T): void => {
      if (accept(message)) finish(null, message)
    }
    const onExit = (code: number | null): void => finish(new Error(`the child exited (${String(code)}) before ${what}`))
    function finish(error: Error | null, message?: T): void {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (error === null) resolve(message as T)
      else reject(error)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

/** Waits for the child to exit, killing it after `graceMs`. */
export async function reap(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
