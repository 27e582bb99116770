// The `shardwire-simulator` command: prints its URLs, serves, and stops on SIGINT/SIGTERM.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=shardwire-source', '--import', 'tsx', cli], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const printed = async (text: string): Promise<string> => {
    while (!output.includes(text)) {
      if (child.exitCode !== null) throw new Error(`exited early:\n${output}`)
      await once(child.stdout, 'data')
    }
    return output
  }
  return { child, printed }
}

describe('cli', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`prints the URLs, serves REST, and exits cleanly on ${signal}`, async () => {
      const { child, printed } = run({ SHARDWIRE_SIM_PORT: '0', SHARDWIRE_SIM_TOKEN: 'cli-token', SHARDWIRE_SIM_SHARDS: '3' })
      const output = await printed('Press Ctrl+C')
      const rest = /REST\s+(\S+)/.exec(output)?.[1]
      assert.ok(rest, output)
      assert.match(output, /gateway\s+ws:\/\/127\.0\.0\.1:\d+/)
      const body = (await (await fetch(rest, { headers: { authorization: 'Bot cli-token' } })).json()) as { shards: number }
      assert.equal(body.shards, 3)
      child.kill(signal)
      const [code] = await once(child, 'exit')
      assert.equal(code, 0)
      await printed(`${signal}: closing`)
    })
  }

  test('a bad option exits with the typed error', async () => {
    const { child, printed } = run({ SHARDWIRE_SIM_SHARDS: '0' })
    const [code] = await once(child, 'exit')
    assert.equal(code, 1)
    await printed('INVALID_OPTION')
  })
})
