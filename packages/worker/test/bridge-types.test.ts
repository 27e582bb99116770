// Type tests for the bridge: the typed client accepts exactly the contract's arguments and
// resolves with its results; a mistake is a compile error (checked by `tsc --noEmit`).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MessageChannel } from 'node:worker_threads'
import type { SessionInfo } from '@shardwire/core'
import type { ManagerApi, ShardReport, WorkerApi } from '../src/bridge/bridge-api.js'
import { RpcClient, type MethodResult, type Rpc } from '../src/bridge/rpc-client.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false

test('the typed client follows the contracts, with nothing untyped across', () => {
  const reports: Equal<MethodResult<WorkerApi, 'fetchStatus'>, ShardReport[]> = true
  const session: Equal<MethodResult<ManagerApi, 'retrieveSession'>, SessionInfo | null> = true
  const send: Equal<Rpc<WorkerApi>['send'], (shardId: number, payload: { op: number; d: unknown }) => Promise<void>> = true
  const sendArgs: Equal<Parameters<Rpc<WorkerApi>['send']>[0], number> = true
  assert.deepEqual([reports, session, send, sendArgs], [true, true, true, true])

  const channel = new MessageChannel()
  const client = new RpcClient<WorkerApi>(channel.port1, { peer: 'types' })
  const calls = (): void => {
    void client.api.startShards([0, 1])
    void client.call('reconnect', [0, 'resume'], { timeoutMs: 100 })
    // @ts-expect-error: shard ids are numbers
    void client.api.startShards(['0'])
    // @ts-expect-error: not a reconnect mode
    void client.call('reconnect', [0, 'restart'])
    // @ts-expect-error: not a method of WorkerApi
    void client.call('acquireIdentify', [1, 0, 10])
    // @ts-expect-error: a payload needs `op`
    void client.api.send(0, { d: null })
  }
  assert.equal(typeof calls, 'function')
  client.close()
  channel.port2.close()
})
