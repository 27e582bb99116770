// Runs `src/tune.bench.ts` in a child process for the tune tests. Not a test file itself.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const root = join(import.meta.dirname, '..')

/** Runs the tune script with `args`; resolves with its output and exit code, whatever the code. */
export async function runTune(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--conditions=shardwire-source', '--import', 'tsx', 'src/tune.bench.ts', ...args], { cwd: root, maxBuffer: 16 << 20, timeout: 170_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}
