// Behaviours 1 to 5 end to end: every simulator fault, JSON encoding, each compression.
import { describe, test } from 'node:test'
import { jsonEncoding } from '@shardwire/core'
import { runFaultScenarios } from './fault-scenarios.js'

describe('Shard survives every fault (JSON)', () => {
  test('no compression', () => runFaultScenarios(jsonEncoding, 'none'))
  test('payload compression', () => runFaultScenarios(jsonEncoding, 'payload'))
  test('zlib-stream, messages split across frames', () => runFaultScenarios(jsonEncoding, 'zlib-stream', 48))
  test('zstd-stream', () => runFaultScenarios(jsonEncoding, 'zstd-stream'))
})
