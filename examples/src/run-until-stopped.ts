// How an example ends: after `--duration <seconds>` when given (the tests use it), or on Ctrl+C
// or SIGTERM (how a process manager stops a bot).
import { parseArgs } from 'node:util'

/** Why the example stopped. */
export type StopReason = 'duration' | 'SIGINT' | 'SIGTERM'

/** The `--duration <seconds>` argument, or null to run until a signal. */
export function durationFromArgs(args: readonly string[] = process.argv.slice(2)): number | null {
  const { values } = parseArgs({ args: [...args], options: { duration: { type: 'string' } }, strict: false })
  const raw = values['duration']
  if (typeof raw !== 'string') return null
  const seconds = Number(raw)
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--duration must be a positive number of seconds, not ${raw}`)
  return seconds
}

/** Resolves when the duration has passed or a stop signal arrives, whichever is first. */
export function untilStopped(durationSeconds: number | null = durationFromArgs()): Promise<StopReason> {
  return new Promise((resolve) => {
    const finish = (reason: StopReason): void => {
      clearTimeout(timer)
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolve(reason)
    }
    const onInt = (): void => finish('SIGINT')
    const onTerm = (): void => finish('SIGTERM')
    process.once('SIGINT', onInt)
    process.once('SIGTERM', onTerm)
    const timer = durationSeconds === null ? undefined : setTimeout(() => finish('duration'), durationSeconds * 1000)
  })
}
