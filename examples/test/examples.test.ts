// Runs each example for a few seconds against the simulator, as a user would from a terminal,
// and checks what it prints and that it exits 0: the examples are documentation that must work.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

interface ExampleRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `examples/src/<name>.ts --duration <seconds>` in its own process, with no Discord token. */
async function runExample(name: string, seconds: number): Promise<ExampleRun> {
  const file = fileURLToPath(new URL(`../src/${name}.ts`, import.meta.url))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SHARDWIRE_EXAMPLE_SIMULATOR: '1',
    REDIS_URL: process.env['SHARDWIRE_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0',
  }
  delete env['DISCORD_TOKEN']
  delete env['SHARDWIRE_EXAMPLE_API_BASE']
  const child = spawn(process.execPath, ['--conditions=shardwire-source', '--import', 'tsx', file, '--duration', String(seconds)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const [code] = await once(child, 'close') as [number | null]
  return { code, stdout, stderr }
}

/** Fails with the whole output, so that a broken example says why. */
function assertRan(run: ExampleRun, expected: readonly RegExp[]): void {
  const output = `--- stdout\n${run.stdout}--- stderr\n${run.stderr}`
  assert.equal(run.code, 0, `exit code ${String(run.code)}\n${output}`)
  for (const pattern of expected) assert.match(run.stdout, pattern, output)
  // The examples print every shardwire error they get; none is expected.
  assert.doesNotMatch(run.stdout + run.stderr, /\berror [A-Z_]+ on shard/, output)
  // The simulator's token stands in for a real one: it must never be printed.
  assert.ok(!(run.stdout + run.stderr).includes('simulator-token'), `the token was printed\n${output}`)
}

const count = (text: string, pattern: RegExp): number => [...text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))].length

test('basic-bot: shards ready, typed MESSAGE_CREATE on the main thread, a presence on each shard', { timeout: 60_000 }, async () => {
  const run = await runExample('basic-bot', 3)
  assertRan(run, [
    /^READY shard 0 \(worker 0\)$/m,
    /^READY shard 1 \(worker 0\)$/m,
    /^connected: 2 shards$/m,
    /^presence set on every shard$/m,
    /^MESSAGE_CREATE \d+ in channel \d+ on shard [01]$/m,
    /^stopped \(duration\) after [1-9]\d* MESSAGE_CREATE$/m,
  ])
})

test('handlers-in-workers: each worker handles its own shards\' events, nearly nothing crosses', { timeout: 60_000 }, async () => {
  const run = await runExample('handlers-in-workers', 3)
  assertRan(run, [
    /^worker 0 started with shards 0, 1$/m,
    /^worker 1 started with shards 2, 3$/m,
    /^connected: 4 shards in 2 workers$/m,
    /^worker 0 \(thread \d+\) handled its first MESSAGE_CREATE \d+ on shard [01]$/m,
    /^worker 1 \(thread \d+\) handled its first MESSAGE_CREATE \d+ on shard [23]$/m,
    /^stopped \(duration\)$/m,
  ])
  for (const shardId of [0, 1, 2, 3]) assert.match(run.stdout, new RegExp(`^worker [01]: shard ${shardId} is ready as .+, presence set$`, 'm'))
  // Only READY (for the manager's own bookkeeping) crossed; the MESSAGE_CREATEs stayed in the workers.
  for (const workerId of [0, 1]) {
    const line = new RegExp(`^worker ${workerId}: (\\d+) MESSAGE_CREATE handled in the worker, (\\d+) events forwarded to the main thread$`, 'm').exec(run.stdout)
    assert.ok(line !== null, run.stdout)
    assert.ok(Number(line[1]) > 0, run.stdout)
    assert.equal(Number(line[2]), 2, run.stdout)
  }
})

test('graceful-restart: the new manager resumes every session the old one saved', { timeout: 60_000 }, async () => {
  const run = await runExample('graceful-restart', 4)
  assertRan(run, [
    /^\[old\] READY shard 0 \(new session\)$/m,
    /^\[old\] READY shard 1 \(new session\)$/m,
    /^\[old\] stopped with resume: 2 sessions saved to /m,
    /^\[new\] RESUMED shard 0 \(\d+ events replayed\)$/m,
    /^\[new\] RESUMED shard 1 \(\d+ events replayed\)$/m,
    /^stopped \(duration\)$/m,
  ])
  assert.equal(count(run.stdout, /^\[new\] READY/m), 0, 'the new manager identified instead of resuming')
})

test('redis-cluster: two processes share 8 shards through Redis, each shard identified once', { timeout: 90_000 }, async () => {
  const run = await runExample('redis-cluster', 8)
  assertRan(run, [/^\[a\] joined the cluster$/m, /^\[b\] joined the cluster$/m, /^\[a\] stopped \(duration\)$/m, /^\[b\] stopped \(duration\)$/m])
  for (let shardId = 0; shardId < 8; shardId++) {
    assert.equal(count(run.stdout, new RegExp(`^\\[[ab]\\] READY shard ${shardId}$`, 'm')), 1, `shard ${shardId} identified once\n${run.stdout}`)
  }
  // Both processes ran shards: the cluster shared them out.
  for (const member of ['a', 'b']) assert.match(run.stdout, new RegExp(`^\\[${member}\\] running shards \\d`, 'm'), run.stdout)
})
