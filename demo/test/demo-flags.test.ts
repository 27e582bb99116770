import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoUsage, parseDemoFlags, type DemoFlags } from '../src/demo-flags.js'

const noEnv = {}

function run(argv: string[], env: Record<string, string | undefined> = noEnv): DemoFlags {
  const command = parseDemoFlags(argv, env)
  assert.equal(command.kind, 'run')
  return command.flags
}

test('no flags: 16 shards, 4 per worker, json over zlib-stream, 60 s, faults, the simulator', () => {
  assert.deepEqual(run([]), {
    shards: 16, shardsPerWorker: 4, encoding: 'json', compression: 'zlib-stream', durationMs: 60_000, faults: true, target: { kind: 'simulator' },
  })
})

test('every flag, in both spellings', () => {
  const flags = run(['--shards', '8', '--shards-per-worker=2', '--encoding', 'etf', '--compression=zstd-stream', '--duration', '25.5', '--no-faults'])
  assert.deepEqual(flags, {
    shards: 8, shardsPerWorker: 2, encoding: 'etf', compression: 'zstd-stream', durationMs: 25_500, faults: false, target: { kind: 'simulator' },
  })
  assert.equal(run(['--compression', 'payload']).compression, 'payload')
  assert.equal(run(['--compression', 'none', '--encoding', 'etf']).compression, 'none')
})

test('--help and -h ask for the usage, whatever else is there', () => {
  assert.deepEqual(parseDemoFlags(['--help'], noEnv), { kind: 'help' })
  assert.deepEqual(parseDemoFlags(['--shards', '4', '-h'], noEnv), { kind: 'help' })
  for (const flag of ['--shards', '--shards-per-worker', '--encoding', '--compression', '--duration', '--no-faults', '--live', '--help']) {
    assert.ok(demoUsage.includes(flag), `usage documents ${flag}`)
  }
})

test('--live takes the token from DISCORD_TOKEN, defaults to Discord\'s shard count and never injects faults', () => {
  const flags = run(['--live'], { DISCORD_TOKEN: 'Bot abc.def.ghi' })
  assert.deepEqual(flags.target, { kind: 'live', token: 'abc.def.ghi' })
  assert.equal(flags.shards, null)
  assert.equal(flags.faults, false)
  assert.equal(run(['--live', '--shards', '2'], { DISCORD_TOKEN: 'abc' }).shards, 2)
})

const bad: readonly [argv: string[], option: string, message: RegExp][] = [
  [['--shard', '8'], '--shard', /unknown flag/],
  [['-x'], '-x', /unknown flag/],
  [['16'], '16', /unexpected argument/],
  [['--shards'], '--shards', /expected a value/],
  [['--shards', '--live'], '--shards', /expected a value/],
  [['--shards='], '--shards', /expected a value/],
  [['--shards', '0'], '--shards', /integer >= 1/],
  [['--shards', '-3'], '--shards', /integer >= 1/],
  [['--shards', '2.5'], '--shards', /integer >= 1/],
  [['--shards', 'many'], '--shards', /integer >= 1/],
  [['--shards-per-worker', '0'], '--shards-per-worker', /integer >= 1/],
  [['--shards-per-worker', 'all'], '--shards-per-worker', /integer >= 1/],
  [['--encoding', 'xml'], '--encoding', /json, etf/],
  [['--compression', 'gzip'], '--compression', /zlib-stream, zstd-stream, payload, none/],
  [['--compression', 'payload', '--encoding', 'etf'], '--compression', /needs --encoding json/],
  [['--duration', '4'], '--duration', /from 5 to 86400/],
  [['--duration', '90000'], '--duration', /from 5 to 86400/],
  [['--duration', '1e2'], '--duration', /from 5 to 86400/],
  [['--duration', 'soon'], '--duration', /from 5 to 86400/],
  [['--no-faults=yes'], '--no-faults', /takes no value/],
  [['--live=1'], '--live', /takes no value/],
  [['--shards', '4', '--shards', '8'], '--shards', /more than once/],
  [['--live'], '--live', /DISCORD_TOKEN/],
]

for (const [argv, option, message] of bad) {
  test(`rejects ${argv.join(' ')}`, () => {
    assert.throws(() => parseDemoFlags(argv, noEnv), (error: unknown) => {
      assert.ok(error instanceof Error)
      assert.equal((error as { code?: unknown }).code, 'INVALID_OPTION')
      assert.equal((error as { option?: unknown }).option, option)
      assert.match(error.message, message)
      return true
    })
  })
}

test('--live with an empty or blank DISCORD_TOKEN is refused, and the message never holds a token', () => {
  for (const token of ['', '   ', 'Bot ']) {
    assert.throws(() => parseDemoFlags(['--live'], { DISCORD_TOKEN: token }), { code: 'INVALID_OPTION', option: '--live' })
  }
  assert.throws(() => parseDemoFlags(['--live', '--shards', 'x'], { DISCORD_TOKEN: 'secret.token.value' }), (error: unknown) => {
    assert.ok(error instanceof Error)
    assert.doesNotMatch(error.message, /secret/)
    return true
  })
})
