// Fixed snapshots for the renderer and view tests. Not a test file itself.
import type { DemoSetup, DemoSnapshot, DemoSummary } from '../src/demo-snapshot.js'

export const setup: DemoSetup = {
  target: 'simulator', shards: 4, shardsPerWorker: 2, workers: 2, maxConcurrency: 2, encoding: 'json', compression: 'zlib-stream', durationMs: 60_000, heartbeatIntervalMs: 5000,
}

export const snapshot: DemoSnapshot = {
  setup,
  elapsedMs: 23_400,
  identify: null,
  allReadyAtMs: 5_900,
  shards: [
    { shardId: 0, workerId: 0, status: 'ready', latencyMs: 0.42, sequence: 1234, eventsPerSecond: 48.4 },
    { shardId: 1, workerId: 0, status: 'resuming', latencyMs: 12.6, sequence: 99, eventsPerSecond: 0 },
    { shardId: 2, workerId: 1, status: 'closed', latencyMs: null, sequence: null, eventsPerSecond: 0 },
    { shardId: 3, workerId: 1, status: 'closed', latencyMs: null, sequence: null, eventsPerSecond: 0 },
  ],
  workers: [
    { workerId: 0, shardIds: [0, 1], alive: true, rpcLatencyMs: 0.31, cpuShare: 0.123, heapUsedBytes: 14_230_000, received: 12_400, forwarded: 12_345, restarts: 0 },
    { workerId: 1, shardIds: [2, 3], alive: false, rpcLatencyMs: null, cpuShare: null, heapUsedBytes: null, received: null, forwarded: null, restarts: 1 },
  ],
  faults: [
    { fault: { kind: 'zombie', shardId: 0 }, state: { kind: 'recovered', atMs: 10_000, afterMs: 7_200 } },
    { fault: { kind: 'reconnect', shardId: 1 }, state: { kind: 'injected', atMs: 20_000 } },
    { fault: { kind: 'kill-worker', workerId: 1 }, state: { kind: 'scheduled', atMs: 30_000 } },
  ],
  delivered: 20_001,
  eventsPerSecond: 812.3,
}

export const summary: DemoSummary = {
  setup,
  elapsedMs: 60_200,
  interrupted: false,
  delivered: 48_213,
  loss: { sent: 48_213, delivered: 48_213, lost: 0, outOfOrder: 0, mismatched: 0, sessions: 4 },
  faults: [
    { fault: { kind: 'zombie', shardId: 0 }, state: { kind: 'recovered', atMs: 10_000, afterMs: 7_200 } },
    { fault: { kind: 'reconnect', shardId: 1 }, state: { kind: 'recovered', atMs: 20_000, afterMs: 900 } },
    { fault: { kind: 'kill-worker', workerId: 1 }, state: { kind: 'recovered', atMs: 30_000, afterMs: 700 } },
  ],
  identifyViolations: 0,
  otherViolations: 0,
}
