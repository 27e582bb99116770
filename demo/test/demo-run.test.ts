// End to end: the demo as a newcomer runs it, with stdout piped (so in plain mode).
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

const demoDir = fileURLToPath(new URL('..', import.meta.url))

interface Run {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exit: Promise<number | null>
}

function startDemo(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Run {
  const child = spawn(process.execPath, ['--conditions=shardwire-source', '--import', 'tsx', 'src/main.ts', ...args], { cwd: demoDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exit }
}

async function waitFor(run: Run, pattern: RegExp): Promise<void> {
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null) assert.fail(`the demo exited before printing ${pattern}:\n${run.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test('a short run: 8 shards in 2 workers, every fault injected and survived, nothing lost', { timeout: 120_000 }, async () => {
  const run = startDemo(['--duration', '25', '--shards', '8', '--shards-per-worker', '4'])
  const code = await run.exit
  const out = run.output()
  assert.equal(code, 0, out)
  assert.doesNotMatch(out, /\x1b\[/, 'plain lines in a pipe, no redraws')
  assert.match(out, /^shardwire demo · simulator · 8 shards in 2 workers · max_concurrency 4 · json, zlib-stream/m)
  assert.match(out, /identifying \d\/8/)
  assert.match(out, /all 8 shards ready in/)
  // The faults, and the recovery of each as it happens.
  assert.match(out, /FAULT {4}zombie connection on shard 0/)
  assert.match(out, /FAULT {4}op 7 Reconnect on shard 1/)
  assert.match(out, /FAULT {4}worker 1 killed/)
  assert.match(out, /worker 1 exited with code \d+, unexpectedly/)
  assert.match(out, /worker 1 restarts in \d+ ms/)
  assert.match(out, /worker 1 restarted \(shards 4-7\)/)
  const afterKill = out.slice(out.indexOf('worker 1 restarted'))
  for (const shardId of [4, 5, 6, 7]) assert.match(afterKill, new RegExp(`RESUMED  shard ${shardId} \\(worker 1\\)`), `shard ${shardId} resumed after the restart`)
  assert.match(out, /RESUMED  shard 0 /, 'the zombie shard resumed')
  assert.equal(out.match(/^\[[ \d.]+ s\] RECOVERED from /gm)?.length, 3)
  // The summary.
  assert.match(out, /^ {2}events delivered: [1-9][\d,]* \(to the main thread\)$/m)
  assert.match(out, /^ {2}events lost: 0 \(of [\d,]+ the simulator sent on \d+ sessions\)$/m)
  assert.match(out, /^ {2}exactly once, in order: yes$/m)
  assert.match(out, /^ {2}faults survived: 3\/3$/m)
  assert.match(out, /^ {2}identify violations: 0$/m)
  assert.match(out, /^ {2}other rule violations: 0$/m)
  assert.match(out, /^result: OK$/m)
})

test('Ctrl-C stops the run early, with the summary and a clean exit', { timeout: 60_000 }, async () => {
  const run = startDemo(['--duration', '60', '--shards', '4', '--no-faults'])
  await waitFor(run, /all 4 shards ready/)
  run.child.kill('SIGINT')
  const code = await run.exit
  const out = run.output()
  assert.equal(code, 0, out)
  assert.match(out, /^summary: ran [\d.]+ s, stopped by Ctrl-C$/m)
  assert.match(out, /^ {2}events lost: 0 /m)
  assert.match(out, /^ {2}faults survived: none injected$/m)
})

test('a bad flag: the problem and the usage, exit code 2', { timeout: 30_000 }, async () => {
  const run = startDemo(['--shards', 'lots'])
  assert.equal(await run.exit, 2)
  assert.match(run.output(), /Invalid option `--shards`: expected an integer >= 1, got "lots"/)
  assert.match(run.output(), /Usage: pnpm demo/)
})

test('--live without DISCORD_TOKEN: a clear error, exit code 2', { timeout: 30_000 }, async () => {
  const env = { ...process.env }
  delete env['DISCORD_TOKEN']
  const run = startDemo(['--live'], env)
  assert.equal(await run.exit, 2)
  assert.match(run.output(), /Invalid option `--live`: needs the bot token in the DISCORD_TOKEN environment variable/)
})

test('--help: the usage, exit code 0', { timeout: 30_000 }, async () => {
  const run = startDemo(['--help'])
  assert.equal(await run.exit, 0)
  assert.match(run.output(), /^Usage: pnpm demo \[options\]/)
})
