// End to end: a ShardManager with `capture` against the simulator records every received frame
// (one file per worker, the token nowhere in them), and `tune --quick --capture` measures the
// matrix on that real mix and recommends a pair.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { LocalIdentifyQueue } from '@shardwire/core'
import { ShardManager } from '@shardwire/manager'
import { startSimulator, type GatewaySimulator } from '@shardwire/simulator'
import { readFrameCapture } from '@shardwire/worker'
import { readCaptureMix, topNames } from '../src/tune/capture-mix.js'
import { runTune } from './run-tune.js'

// A token shaped like a real one, so that a leak of any part of it would be found.
const token = 'MTEzNzQ2NTg4MjE5NjkyNzM2MA.GcApTu.c2hhcmR3aXJlLWNhcHR1cmUtdG9rZW4tbmV2ZXItc3RvcmVk'
const dir = mkdtempSync(join(tmpdir(), 'shardwire-tune-capture-'))
let sim: GatewaySimulator | null = null
let manager: ShardManager | null = null
after(async () => {
  await manager?.destroy()
  await sim?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

test('a manager with capture records its workers\' received frames without the token, and tune --capture runs on them', { timeout: 240_000 }, async () => {
  sim = await startSimulator({ token, shards: 2, guilds: 4, heartbeatIntervalMs: 1000, identifyWindowMs: 50 })
  const base = join(dir, 'traffic')
  manager = new ShardManager({
    token, intents: 1 | 2 | 256 | 512 | 1024 | 2048, compression: 'zlib-stream', encoding: 'json', apiBase: sim.restUrl, shardsPerWorker: 1,
    buildIdentifyQueue: ({ maxConcurrency }) => new LocalIdentifyQueue({ maxConcurrency, windowMs: 150 }),
    capture: { path: base, maxBytes: 4 << 20 },
  })
  let dispatches = 0
  manager.on('dispatch', () => { dispatches++ })
  await manager.connect()
  const before = dispatches
  const sent = sim.load.emit(150)
  await until(() => dispatches - before >= sent, `${sent} dispatches (got ${dispatches - before})`)
  await manager.destroy()
  manager = null

  // One file per worker, each with whole frames of its shard only.
  const files = [0, 1].map((workerId) => `${base}.w${workerId}`)
  for (const [workerId, file] of files.entries()) {
    assert.ok(existsSync(file), `${file} written`)
    const text = readFileSync(file, 'utf8')
    // Neither the token nor any of its three parts, in clear or in base64, appears anywhere.
    for (const part of [token, ...token.split('.')]) {
      assert.ok(!text.includes(part), 'the token is not in the file')
      assert.ok(!text.includes(Buffer.from(part).toString('base64').slice(0, 16)), 'nor in base64')
    }
    const [segment] = readFrameCapture(file)
    assert.equal(segment?.header.encoding, 'json')
    assert.equal(segment?.header.compression, 'zlib-stream')
    assert.equal(segment?.header.workerId, workerId)
    assert.ok(segment.frames.length > 0)
    assert.ok(segment.frames.every((frame) => frame.shardId === workerId && frame.connection >= 1))
  }
  // Decoded, the frames are the traffic itself: HELLO, READY, GUILD_CREATEs, the load; the
  // token is in none of them (IDENTIFY was sent, never received).
  const mix = readCaptureMix(files)
  assert.deepEqual(mix.brokenStreams, [])
  assert.ok(!JSON.stringify(mix.payloads).includes(token.split('.')[2]!))
  const names = mix.payloads.map((payload) => (payload.op === 0 ? String(payload.t) : `op ${payload.op}`))
  assert.equal(names[0], 'op 10', 'each stream starts with HELLO')
  assert.equal(names.filter((name) => name === 'READY').length, 2)
  assert.equal(names.filter((name) => name === 'GUILD_CREATE').length, 4)
  assert.ok(names.filter((name) => !name.startsWith('op ') && name !== 'READY' && name !== 'GUILD_CREATE').length >= sent)
  assert.equal(topNames(mix.payloads)[0]?.name, 'PRESENCE_UPDATE')

  // tune accepts the base path and finds both files.
  const { code, stdout, stderr } = await runTune(['--quick', '--capture', base, '--out', dir])
  assert.equal(code, 0, stderr)
  assert.match(stdout, /mix: your capture, 2 files \(traffic\.w0, traffic\.w1\), recorded as json\/zlib-stream/)
  assert.match(stdout, new RegExp(`${mix.payloads.length} events decoded`))
  assert.match(stdout, /top events: PRESENCE_UPDATE \d+%/)
  assert.match(stdout, /recommendation: On Node \d+ with(out)? native zstd, .*: use (json|etf) \+ /)
  // And a pattern works as well as the base path.
  const pattern = await runTune(['--quick', '--capture', join(dir, 'traffic.w*'), '--out', dir, '--prefer', 'bandwidth'])
  assert.equal(pattern.code, 0, pattern.stderr)
  assert.match(pattern.stdout, /2 files/)
  assert.match(pattern.stdout, /rule \(--prefer bandwidth\)/)
})

test('an ETF + zstd-stream capture decodes back to the same traffic', { timeout: 120_000 }, async () => {
  const etfSim = await startSimulator({ token, shards: 1, guilds: 2, heartbeatIntervalMs: 1000, identifyWindowMs: 50 })
  const base = join(dir, 'etf-zstd')
  const etfManager = new ShardManager({
    token, intents: 1 | 2 | 256 | 512 | 1024 | 2048, compression: 'zstd-stream', encoding: 'etf', apiBase: etfSim.restUrl,
    buildIdentifyQueue: ({ maxConcurrency }) => new LocalIdentifyQueue({ maxConcurrency, windowMs: 150 }),
    capture: { path: base, maxBytes: 1 << 20 },
  })
  try {
    let dispatches = 0
    etfManager.on('dispatch', () => { dispatches++ })
    await etfManager.connect()
    const before = dispatches
    const sent = etfSim.load.emit(50)
    await until(() => dispatches - before >= sent, `${sent} dispatches`)
    await etfManager.destroy()
    const text = readFileSync(`${base}.w0`, 'utf8')
    assert.ok(!text.includes(token) && !text.includes(token.split('.')[2]!))
    const mix = readCaptureMix([`${base}.w0`])
    assert.deepEqual(mix.recordedAs, { 'etf/zstd-stream': mix.frames })
    assert.deepEqual(mix.brokenStreams, [])
    const names = mix.payloads.map((payload) => (payload.op === 0 ? String(payload.t) : `op ${payload.op}`))
    assert.equal(names.filter((name) => name === 'READY').length, 1)
    assert.ok(names.filter((name) => !name.startsWith('op ') && name !== 'READY' && name !== 'GUILD_CREATE').length >= sent)
    // Snowflakes sent as ETF integers come back as the strings JSON carries.
    const ready = mix.payloads.find((payload) => payload.t === 'READY')
    assert.equal(typeof (ready?.d as { user?: { id?: unknown } } | undefined)?.user?.id, 'string')
  } finally {
    await etfManager.destroy()
    await etfSim.close()
  }
})
