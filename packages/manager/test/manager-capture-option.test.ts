// The `capture` option of ShardManager: validated in the constructor, resolved to an absolute
// base path and a per-worker byte bound (the workers' side is tested in @shardwire/worker and
// end to end by benchmarks/test/tune-capture.test.ts).
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { InvalidOptionError } from '@shardwire/core'
import { resolveManagerOptions } from '../src/resolve-manager-options.js'
import { ShardManager } from '../src/shard-manager.js'

const token = 'bWFuYWdlcg.dGVzdA.c2VjcmV0LXRva2VuLW5ldmVyLWxlYWtz'

test('capture is off by default, and resolves to an absolute path with a 64 MiB default bound and a run of its own', () => {
  assert.equal(resolveManagerOptions({ token, intents: 1 }).capture, null)
  const path = join(tmpdir(), 'traffic')
  const first = resolveManagerOptions({ token, intents: 1, capture: { path } }).capture
  assert.deepEqual({ ...first, run: undefined }, { path, maxBytes: 64 * 1024 * 1024, run: undefined })
  const second = resolveManagerOptions({ token, intents: 1, capture: { path, maxBytes: 4096 } }).capture
  assert.equal(second?.maxBytes, 4096)
  // Each manager is a run of its own: its workers start their files anew rather than append to an older run's.
  assert.ok(typeof first?.run === 'string' && first.run.length > 0 && first.run !== second?.run)
  const relative = resolveManagerOptions({ token, intents: 1, capture: { path: 'traffic' } }).capture
  assert.equal(relative?.path, join(process.cwd(), 'traffic'))
})

test('a bad capture option fails the constructor, naming it, never echoing the token', () => {
  const cases: Array<[unknown, string, RegExp]> = [
    ['traffic.ndjson', 'capture', /expected an object/],
    [{}, 'capture.path', /expected a file path/],
    [{ path: '  ' }, 'capture.path', /expected a file path/],
    [{ path: join(tmpdir(), 'no-such-directory-for-shardwire', 'traffic') }, 'capture.path', /does not exist/],
    [{ path: join(tmpdir(), 'traffic'), maxBytes: 100 }, 'capture.maxBytes', /integer >= 1024/],
    [{ path: join(tmpdir(), 'traffic'), maxBytes: 1.5e3 + 0.5 }, 'capture.maxBytes', /got 1500.5/],
  ]
  for (const [capture, option, message] of cases) {
    assert.throws(
      () => new ShardManager({ token, intents: 1, capture: capture as { path: string } }),
      (error: unknown) => error instanceof InvalidOptionError && error.code === 'INVALID_OPTION' && error.option === option && message.test(error.message) && !error.message.includes(token),
      `${JSON.stringify(capture)} -> ${option}`,
    )
  }
})
