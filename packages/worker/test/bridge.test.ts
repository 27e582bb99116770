// The worker bridge with real worker_threads: typed calls, time bounds, a dying worker, and
// errors that arrive with their class, code and fields.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { test } from 'node:test'
import type { Worker } from 'node:worker_threads'
import { DecodeError, InvalidOptionError, ShardFatalCloseError, ShardwireError } from '@shardwire/core'
import { createBridgeChannels } from '../src/bridge/bridge-channels.js'
import { RpcClient } from '../src/bridge/rpc-client.js'
import { siblingModuleUrl, startWorkerThread } from '../src/start-worker-thread.js'
import type { FixtureApi } from './bridge-fixture-worker.js'

function startFixture(timeoutMs = 2000): { worker: Worker; client: RpcClient<FixtureApi> } {
  const channels = createBridgeChannels()
  // The client listens on its port before the worker exists.
  const client = new RpcClient<FixtureApi>(channels.main.workerApi, { peer: 'fixture worker', timeoutMs })
  const worker = startWorkerThread(siblingModuleUrl(import.meta.url, 'bridge-fixture-worker'), {
    workerData: { ports: channels.worker },
    transferList: channels.transferList,
  })
  worker.on('exit', (code) => client.fail(new ShardwireError('WORKER_DIED', `fixture worker exited with ${code}`)))
  worker.on('error', () => {})
  return { worker, client }
}

async function stop(worker: Worker, client: RpcClient<FixtureApi>): Promise<void> {
  client.close()
  await worker.terminate()
}

test('a typed call crosses the bridge and back', async () => {
  const { worker, client } = startFixture()
  try {
    assert.deepEqual(await client.api.echo({ text: 'héllo 🎉', n: 42 }), { text: 'héllo 🎉', n: 42 })
    assert.deepEqual(await client.call('echo', [{ text: '', n: -1 }]), { text: '', n: -1 })
  } finally {
    await stop(worker, client)
  }
})

test('a call with no answer rejects with RPC_TIMEOUT, and the bridge keeps working', async () => {
  const { worker, client } = startFixture()
  try {
    await assert.rejects(client.call('hang', [], { timeoutMs: 150 }), { code: 'RPC_TIMEOUT', message: /hang\(\) within 150 ms/ })
    assert.deepEqual(await client.api.echo({ text: 'after', n: 1 }), { text: 'after', n: 1 })
  } finally {
    await stop(worker, client)
  }
})

test('a worker that exits mid-call rejects every pending call with WORKER_DIED, and later calls too', async () => {
  const { worker, client } = startFixture(60_000)
  // Handlers attached at once: the rejections come while the test waits for the exit.
  const hanging = assert.rejects(client.api.hang(), { code: 'WORKER_DIED' })
  const exiting = assert.rejects(client.api.exitSoon(50), { code: 'WORKER_DIED' })
  const [code] = await once(worker, 'exit') as [number]
  assert.equal(code, 3)
  await hanging
  await exiting
  await assert.rejects(client.api.echo({ text: 'late', n: 0 }), { code: 'WORKER_DIED' })
  client.close()
})

test('a worker that crashes or is terminated mid-call rejects pending calls with WORKER_DIED', async () => {
  const crashing = startFixture(60_000)
  const crashed = assert.rejects(crashing.client.api.crashSoon(30), { code: 'WORKER_DIED' })
  const [error] = await once(crashing.worker, 'error') as [Error]
  assert.match(error.message, /crashed on purpose/)
  await crashed
  crashing.client.close()

  const terminated = startFixture(60_000)
  // A first answer proves the worker is up before it is killed.
  await terminated.client.api.echo({ text: 'up', n: 0 })
  const pending = assert.rejects(terminated.client.api.hang(), { code: 'WORKER_DIED' })
  await terminated.worker.terminate()
  await pending
  terminated.client.close()
})

test('the port closing alone fails pending calls, without the exit handler', async () => {
  const channels = createBridgeChannels()
  const client = new RpcClient<FixtureApi>(channels.main.workerApi, { peer: 'a closed port', timeoutMs: 60_000 })
  const pending = client.api.hang()
  channels.worker.workerApi.close()
  await assert.rejects(pending, { code: 'WORKER_DIED', message: /a closed port/ })
  for (const port of Object.values(channels.main)) port.close()
  for (const port of Object.values(channels.worker)) port.close()
})

test('errors thrown in the worker arrive with their class, code and fields', async () => {
  const { worker, client } = startFixture()
  try {
    const decode = await client.api.fail('decode').then(() => assert.fail('resolved'), (error: unknown) => error)
    assert.ok(decode instanceof DecodeError)
    assert.equal(decode.code, 'ETF_UNKNOWN_TAG')
    assert.equal(decode.offset, 17)
    assert.equal(decode.message, 'Unknown tag 99 (at byte 17)')
    assert.match(decode.stack ?? '', /other side of the worker bridge/)

    const option = await client.api.fail('option').then(() => assert.fail('resolved'), (error: unknown) => error)
    assert.ok(option instanceof InvalidOptionError)
    assert.equal(option.option, 'shardsPerWorker')
    assert.equal(option.message, 'Invalid option `shardsPerWorker`: expected a number')

    await assert.rejects(client.api.fail('fatal'), (error: unknown) => {
      assert.ok(error instanceof ShardFatalCloseError)
      assert.equal(error.closeCode, 4004)
      return true
    })
    await assert.rejects(client.api.fail('foreign'), (error: unknown) => {
      assert.ok(error instanceof ShardwireError)
      assert.equal(error.code, 'RPC_REMOTE_ERROR')
      assert.match(error.message, /TypeError: boom with \[redacted\]/)
      assert.doesNotMatch(`${error.message}${error.stack}`, /fixture-token/)
      return true
    })
  } finally {
    await stop(worker, client)
  }
})

test('RpcClient validates its timeout', () => {
  const channels = createBridgeChannels()
  assert.throws(() => new RpcClient<FixtureApi>(channels.main.workerApi, { peer: 'x', timeoutMs: 0 }), { code: 'INVALID_OPTION' })
  for (const port of [...Object.values(channels.main), ...Object.values(channels.worker)]) port.close()
})
