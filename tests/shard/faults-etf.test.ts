// Behaviours 1 to 5 end to end: every simulator fault, ETF encoding, each transport compression.
import { describe, test } from 'node:test'
import { etfEncoding } from '@shardwire/core'
import { runFaultScenarios } from './fault-scenarios.js'

describe('Shard survives every fault (ETF)', () => {
  test('no compression', () => runFaultScenarios(etfEncoding, 'none'))
  test('zlib-stream, messages split across frames', () => runFaultScenarios(etfEncoding, 'zlib-stream', 48))
  test('zstd-stream', () => runFaultScenarios(etfEncoding, 'zstd-stream'))
})
