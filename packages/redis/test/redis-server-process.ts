// A private redis-server for tests that kill and restart Redis (never the shared one on 6379).
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'

/** A redis-server this test owns, on a port of its own. */
export interface RedisServerProcess {
  readonly port: number
  readonly url: string
  /** SIGKILL, then wait for the exit: everything in memory is gone (no persistence). */
  kill(): Promise<void>
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function start(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${output}`)))
  })
  child.stdout!.resume()
  return child
}

/** Starts a redis-server on a free port. */
export async function startRedisServer(): Promise<RedisServerProcess> {
  const port = await freePort()
  let child = await start(port)
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    kill,
    restart: async () => {
      await kill()
      child = await start(port)
    },
  }
}
