// A worker for the bridge tests: exposes FixtureApi on the `workerApi` port it is given.
import { workerData, type MessagePort } from 'node:worker_threads'
import { DecodeError, InvalidOptionError, ShardFatalCloseError } from '@shardwire/core'
import { exposeApi } from '../src/bridge/expose-api.js'

/** What the fixture worker exposes. */
export interface FixtureApi {
  echo(value: { readonly text: string; readonly n: number }): Promise<{ readonly text: string; readonly n: number }>
  /** Never answers. */
  hang(): Promise<void>
  /** Throws the error named by `kind`. */
  fail(kind: 'decode' | 'option' | 'fatal' | 'foreign'): Promise<void>
  /** Exits the thread after `ms`, while a call may be pending. */
  exitSoon(ms: number): Promise<void>
  /** Throws an uncaught exception after `ms`. */
  crashSoon(ms: number): Promise<void>
}

const secret = 'fixture-token-must-not-leak'

const api: FixtureApi = {
  echo: async (value) => value,
  hang: () => new Promise<void>(() => {}),
  fail: async (kind) => {
    switch (kind) {
      case 'decode': throw new DecodeError('ETF_UNKNOWN_TAG', 'Unknown tag 99', 17)
      case 'option': throw new InvalidOptionError('shardsPerWorker', 'expected a number')
      case 'fatal': throw new ShardFatalCloseError(4004)
      case 'foreign': throw new TypeError(`boom with ${secret}`)
    }
  },
  exitSoon: async (ms) => {
    setTimeout(() => process.exit(3), ms)
    return new Promise<void>(() => {})
  },
  crashSoon: async (ms) => {
    setTimeout(() => { throw new Error('crashed on purpose') }, ms)
    return new Promise<void>(() => {})
  },
}

const ports = (workerData as { ports: { workerApi: MessagePort } }).ports
exposeApi(ports.workerApi, api, (text) => text.replaceAll(secret, '[redacted]'))
