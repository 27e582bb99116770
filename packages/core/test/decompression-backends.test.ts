// Which backends this runtime has, and what happens when one is missing or broken. Breaking a
// backend means patching node:zlib or the module loader, so those cases run in child processes.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { promisify } from 'node:util'
import * as zlib from 'node:zlib'
import { ZlibStreamDecompressor, ZstdStreamDecompressor, zlibStreamBackends, zstdStreamBackends } from '../src/index.js'
import { runtimeHasNativeZstd } from './compression-fixtures.js'

test('the backend lists are in preference order and end with the pure-JS fallback', () => {
  const zlibBackends = zlibStreamBackends()
  const zstdBackends = zstdStreamBackends()
  assert.deepEqual(zlibBackends, (['zlib-sync', 'node:zlib', 'fflate'] as const).filter((name) => zlibBackends.includes(name)))
  assert.deepEqual(zstdBackends, (['node:zlib', 'fzstd'] as const).filter((name) => zstdBackends.includes(name)))
  assert.equal(zlibBackends.at(-1), 'fflate')
  assert.equal(zstdBackends.at(-1), 'fzstd')
  if (zstdBackends.includes('node:zlib')) assert.ok(runtimeHasNativeZstd(), 'native zstd only where Node has it')
  assert.deepEqual(zlibStreamBackends(), zlibBackends, 'the answer is stable')
})

const nodeMajor = Number(process.versions.node.split('.')[0])

test('zlib-sync is refused on Node 24 and later, where it crashes the process', { skip: nodeMajor < 24 }, () => {
  assert.equal(zlibStreamBackends().includes('zlib-sync'), false)
  assert.throws(() => new ZlibStreamDecompressor({ backend: 'zlib-sync' }), { code: 'DECOMPRESS_UNAVAILABLE', message: /Node 24/ })
})

test('in CI, the native backends are available (a broken native build must fail CI)', { skip: process.env.CI === undefined }, () => {
  // Constructing with the backend forced fails with the reason (the load error) in its message.
  if (nodeMajor < 24) new ZlibStreamDecompressor({ backend: 'zlib-sync' }).close()
  new ZlibStreamDecompressor({ backend: 'node:zlib' }).close()
  if (runtimeHasNativeZstd()) new ZstdStreamDecompressor({ backend: 'node:zlib' }).close()
})

// Runs in the child before anything else: breaks what SHARDWIRE_BREAK names.
const breaker = `
import Module from 'node:module'
import zlib from 'node:zlib'
const mode = process.env.SHARDWIRE_BREAK
const load = Module._load
Module._load = function (request, ...rest) {
  if (request === 'zlib-sync' && mode === 'missing') throw Object.assign(new Error("Cannot find module 'zlib-sync'"), { code: 'MODULE_NOT_FOUND' })
  if (request === 'zlib-sync' && mode === 'unloadable') throw new Error('Module did not self-register: zlib_sync.node')
  return load.call(this, request, ...rest)
}
const createInflate = zlib.createInflate
const createZstd = zlib.createZstdDecompress
// zlib's factories are read-only but configurable properties.
const replace = (name, value) => Object.defineProperty(zlib, name, { value, configurable: true, writable: true, enumerable: true })
if (mode === 'missing') {
  // Internals gone: streams without the write state the synchronous path reads.
  replace('createInflate', (options) => { const stream = createInflate(options); delete stream._writeState; return stream })
  delete zlib.createZstdDecompress
} else {
  // Internals changed: writeSync exists but does nothing, so the self-test sees no output.
  replace('createInflate', (options) => { const stream = createInflate(options); stream._handle.writeSync = () => {}; return stream })
  if (createZstd) replace('createZstdDecompress', (options) => { const stream = createZstd(options); stream._handle.writeSync = () => {}; return stream })
}
Module.syncBuiltinESMExports()
`

const child = `
import assert from 'node:assert/strict'
const { createDecompressor, zlibStreamBackends, zstdStreamBackends } = await import(process.env.SHARDWIRE_INDEX)
// Broken in every mode: the child exits non-zero (failing the parent) if this does not throw.
assert.throws(() => createDecompressor('zlib-stream', { backend: 'node:zlib' }), { name: 'DecompressionError', code: 'DECOMPRESS_UNAVAILABLE' })
const forced = {}
for (const [compression, backend] of [['zlib-stream', 'zlib-sync'], ['zlib-stream', 'node:zlib'], ['zstd-stream', 'node:zlib']]) {
  try { createDecompressor(compression, { backend }).close(); forced[compression + ' ' + backend] = 'ok' }
  catch (error) { forced[compression + ' ' + backend] = error.code + ' ' + error.message }
}
const decompressor = createDecompressor('zlib-stream', { output: 'string' })
const inflated = decompressor.push(Buffer.from(process.env.SHARDWIRE_SAMPLE, 'hex'))
console.log(JSON.stringify({ zlib: zlibStreamBackends(), zstd: zstdStreamBackends(), forced, defaultBackend: decompressor.backend, inflated }))
`

interface ChildReport {
  zlib: string[]
  zstd: string[]
  forced: Record<string, string>
  defaultBackend: string
  inflated: string
}

async function runBroken(mode: 'missing' | 'unloadable' | 'internals'): Promise<ChildReport> {
  const sample = zlib.deflateSync('{"op":10}', { finishFlush: zlib.constants.Z_SYNC_FLUSH })
  const args = ['--conditions=shardwire-source', '--import', `data:text/javascript,${encodeURIComponent(breaker)}`, '--import', 'tsx', '--input-type=module', '-e', child]
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, SHARDWIRE_BREAK: mode, SHARDWIRE_INDEX: new URL('../src/index.ts', import.meta.url).href, SHARDWIRE_SAMPLE: sample.toString('hex') },
    })
    return JSON.parse(stdout) as ChildReport
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
    throw new Error(`The '${mode}' child failed: ${stderr.slice(-1500) || String(error)}`)
  }
}

const [missing, unloadable, internals] = await Promise.all([runBroken('missing'), runBroken('unloadable'), runBroken('internals')])

test('a missing zlib-sync and missing node:zlib internals leave the pure-JS backends', () => {
  assert.deepEqual(missing.zlib, ['fflate'])
  assert.deepEqual(missing.zstd, ['fzstd'])
  assert.equal(missing.defaultBackend, 'fflate')
  assert.equal(missing.inflated, '{"op":10}')
  // On Node 24 zlib-sync is refused before it is even looked for.
  assert.match(missing.forced['zlib-stream zlib-sync']!, nodeMajor >= 24 ? /^DECOMPRESS_UNAVAILABLE .*Node 24/ : /^DECOMPRESS_UNAVAILABLE .*Cannot find module/)
  assert.match(missing.forced['zlib-stream node:zlib']!, /^DECOMPRESS_UNAVAILABLE .*write state/)
  assert.match(missing.forced['zstd-stream node:zlib']!, /^DECOMPRESS_UNAVAILABLE .*no zstd/)
})

test('a zlib-sync that is installed but fails to load is unavailable, not a crash', { skip: nodeMajor >= 24 && 'zlib-sync is refused on Node 24 before loading' }, () => {
  assert.match(unloadable.forced['zlib-stream zlib-sync']!, /^DECOMPRESS_UNAVAILABLE .*did not self-register/)
  assert.ok(!unloadable.zlib.includes('zlib-sync'))
  assert.equal(unloadable.inflated, '{"op":10}')
})

test('node:zlib internals that changed behaviour fail the self-test and fall back to the next backend', () => {
  assert.ok(!internals.zlib.includes('node:zlib'))
  assert.ok(!internals.zstd.includes('node:zlib'))
  assert.match(internals.forced['zlib-stream node:zlib']!, /^DECOMPRESS_UNAVAILABLE .*(self-test|wrong output)/)
  // zlib-sync is next in line wherever it loads (Node 20; refused on Node 24).
  assert.equal(internals.defaultBackend, zlibStreamBackends().includes('zlib-sync') ? 'zlib-sync' : 'fflate')
  assert.equal(internals.inflated, '{"op":10}')
})
