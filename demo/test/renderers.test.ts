import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cpuShare } from '../src/demo-monitor.js'
import { renderFrame, renderStatusLine } from '../src/demo-view.js'
import { formatIds, formatShare } from '../src/format.js'
import { identifyProgress } from '../src/identify-progress.js'
import { renderEvent } from '../src/render-event.js'
import { renderFaultLines } from '../src/render-faults.js'
import { renderHeader } from '../src/render-header.js'
import { renderIdentifyLine } from '../src/render-identify.js'
import { renderShardTable } from '../src/render-shards.js'
import { renderSummary, summaryExitCode } from '../src/render-summary.js'
import { renderWorkerLines } from '../src/render-workers.js'
import { setup, snapshot, summary } from './fixtures.js'

const shardIds = Array.from({ length: 16 }, (_, i) => i)

test('identify progress: the next shard\'s bucket, and when its 5 s window opens', () => {
  const identified = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  const settled = new Set([0, 1, 2, 3, 4, 5, 6, 7])
  const lastIdentifyAt = new Map([[0, 10_000], [1, 10_100], [2, 8_000], [3, 8_000]])
  // Shard 10 is next: bucket 2, last used at 8000, open again at 13000.
  assert.deepEqual(identifyProgress({ shardIds, maxConcurrency: 4, identified, settled, lastIdentifyAt, now: 9_900 }), { settled: 8, total: 16, bucket: 2, nextInMs: 3_100 })
  assert.deepEqual(identifyProgress({ shardIds, maxConcurrency: 4, identified, settled, lastIdentifyAt, now: 14_000 }).nextInMs, 0)
  assert.deepEqual(identifyProgress({ shardIds, maxConcurrency: 4, identified: new Set(), settled: new Set(), lastIdentifyAt: new Map(), now: 0 }), { settled: 0, total: 16, bucket: 0, nextInMs: 0 })
  assert.deepEqual(identifyProgress({ shardIds, maxConcurrency: 4, identified: new Set(shardIds), settled, lastIdentifyAt, now: 0 }), { settled: 8, total: 16, bucket: null, nextInMs: null })
})

test('the identify line', () => {
  assert.equal(renderIdentifyLine({ settled: 8, total: 16, bucket: 2, nextInMs: 3_100 }, null, 16), 'identifying 8/16 · bucket 2 · next in 3.1 s')
  assert.equal(renderIdentifyLine({ settled: 0, total: 16, bucket: 0, nextInMs: 0 }, null, 16), 'identifying 0/16 · bucket 0 · next now')
  assert.equal(renderIdentifyLine({ settled: 15, total: 16, bucket: null, nextInMs: null }, null, 16), 'identifying 15/16 · waiting for READY')
  assert.equal(renderIdentifyLine(null, null, 16), 'fetching GET /gateway/bot…')
  assert.equal(renderIdentifyLine(null, 15_940, 16), 'all 16 shards ready in 15.9 s')
})

test('the header says what runs, and why the heartbeat is short', () => {
  assert.deepEqual(renderHeader(setup, 23_400), [
    'shardwire demo · simulator · 4 shards in 2 workers · max_concurrency 2 · json, zlib-stream · 23.4 s of 60.0 s',
    'simulator heartbeat_interval 5000 ms (Discord\'s is about 41 s), so a zombie is caught within the run; identify windows are Discord\'s 5 s',
  ])
  assert.equal(renderHeader({ ...setup, target: 'live', heartbeatIntervalMs: null }, 0).length, 1)
  assert.match(renderHeader({ ...setup, target: 'live', heartbeatIntervalMs: null }, 0)[0]!, /Discord \(live\)/)
})

test('the shard table', () => {
  assert.deepEqual(renderShardTable(snapshot.shards), [
    'shard  worker  status    latency  sequence  events/s',
    '    0       0  ready      0.4 ms     1,234        48',
    '    1       0  resuming    13 ms        99         0',
    '    2       1  closed          –         –         0',
    '    3       1  closed          –         –         0',
    'events/s: dispatches delivered to the main thread (manager.on(\'dispatch\')), last interval',
  ])
})

test('the worker lines', () => {
  assert.deepEqual(renderWorkerLines(snapshot.workers), [
    'worker 0 · shards 0-1 · up · rpc 0.3 ms · cpu 12% · heap 14.2 MB · received 12,400 · sent to main 12,345 · restarts 0',
    'worker 1 · shards 2-3 · DOWN · rpc – · cpu – · heap – · received – · sent to main – · restarts 1',
  ])
})

test('the fault lines', () => {
  assert.deepEqual(renderFaultLines([
    ...snapshot.faults,
    { fault: { kind: 'zombie', shardId: 3 }, state: { kind: 'waiting' } },
    { fault: { kind: 'reconnect', shardId: 3 }, state: { kind: 'missed', atMs: 1_000 } },
  ]), [
    'fault  zombie connection on shard 0 (heartbeats no longer acknowledged): injected at 10.0 s, recovered in 7.2 s',
    'fault  op 7 Reconnect on shard 1: injected at 20.0 s, recovering…',
    'fault  worker 1 killed (thread.terminate()): at 30.0 s',
    'fault  zombie connection on shard 3 (heartbeats no longer acknowledged): scheduled once every shard is ready',
    'fault  op 7 Reconnect on shard 3: at 1.0 s it hit no connection',
  ])
})

test('notable events, one line each', () => {
  const lines = [
    renderEvent({ kind: 'shard-ready', atMs: 900, shardId: 3, workerId: 1 }),
    renderEvent({ kind: 'shard-resumed', atMs: 14_300, shardId: 4, workerId: 1, replayed: 31 }),
    renderEvent({ kind: 'shard-close', atMs: 10_700, shardId: 1, code: 4900, reconnect: true }),
    renderEvent({ kind: 'shard-close', atMs: 10_700, shardId: 1, code: 4004, reconnect: false }),
    renderEvent({ kind: 'all-ready', atMs: 15_940, shards: 16 }),
    renderEvent({ kind: 'worker-start', atMs: 0, workerId: 0, shardIds: [0, 1, 2, 3], restart: false }),
    renderEvent({ kind: 'worker-start', atMs: 13_900, workerId: 1, shardIds: [4, 5, 6, 7], restart: true }),
    renderEvent({ kind: 'worker-exit', atMs: 13_600, workerId: 1, exitCode: 1, expected: false }),
    renderEvent({ kind: 'worker-restart', atMs: 13_600, workerId: 1, delayMs: 320.4, attempt: 0 }),
    renderEvent({ kind: 'fault-injected', atMs: 7_900, fault: { kind: 'zombie', shardId: 0 }, hit: true }),
    renderEvent({ kind: 'fault-injected', atMs: 7_900, fault: { kind: 'reconnect', shardId: 0 }, hit: false }),
    renderEvent({ kind: 'fault-recovered', atMs: 17_600, fault: { kind: 'zombie', shardId: 0 }, afterMs: 9_700 }),
    renderEvent({ kind: 'error', atMs: 1_000, code: 'WORKER_DIED', message: 'gone', shardId: null }),
    renderEvent({ kind: 'note', atMs: 1_000, text: 'hello' }),
  ]
  assert.deepEqual(lines, [
    '[  0.9 s] READY    shard 3 (worker 1): new session',
    '[ 14.3 s] RESUMED  shard 4 (worker 1): 31 events replayed',
    '[ 10.7 s] CLOSE    shard 1: code 4900, reconnecting',
    '[ 10.7 s] CLOSE    shard 1: code 4004, stopped',
    '[ 15.9 s] all 16 shards ready in 15.9 s',
    '[  0.0 s] worker 0 started (shards 0-3)',
    '[ 13.9 s] worker 1 restarted (shards 4-7)',
    '[ 13.6 s] worker 1 exited with code 1, unexpectedly',
    '[ 13.6 s] worker 1 restarts in 320 ms (attempt 1); its shards will resume',
    '[  7.9 s] FAULT    zombie connection on shard 0 (heartbeats no longer acknowledged)',
    '[  7.9 s] FAULT    op 7 Reconnect on shard 0: hit no connection',
    '[ 17.6 s] RECOVERED from zombie connection on shard 0 (heartbeats no longer acknowledged) in 9.7 s',
    '[  1.0 s] error    WORKER_DIED: gone',
    '[  1.0 s] hello',
  ])
})

test('the summary against the simulator, and its exit code', () => {
  assert.deepEqual(renderSummary(summary), [
    'summary: ran 60.2 s, stopped after --duration',
    '  events delivered: 48,213 (to the main thread)',
    '  events lost: 0 (of 48,213 the simulator sent on 4 sessions)',
    '  exactly once, in order: yes',
    '  faults survived: 3/3',
    '  identify violations: 0',
    '  other rule violations: 0',
    'result: OK',
  ])
  assert.equal(summaryExitCode(summary), 0)
})

test('the exit code is 1 for any loss, reorder, violation or fault not recovered from', () => {
  const loss = summary.loss!
  const failing = [
    { ...summary, loss: { ...loss, lost: 1 } },
    { ...summary, loss: { ...loss, outOfOrder: 1 } },
    { ...summary, loss: { ...loss, mismatched: 1 } },
    { ...summary, identifyViolations: 1 },
    { ...summary, otherViolations: 2 },
    { ...summary, faults: [...summary.faults.slice(1), { fault: summary.faults[0]!.fault, state: { kind: 'injected', atMs: 1 } as const }] },
  ]
  for (const failed of failing) {
    assert.equal(summaryExitCode(failed), 1)
    assert.equal(renderSummary(failed).at(-1), 'result: FAILED')
  }
  const lines = renderSummary(failing[1]!)
  assert.ok(lines.includes('  exactly once, in order: no (1 repeated or out of order, 0 with the wrong name)'))
  assert.ok(renderSummary(failing[5]!).includes('  faults survived: 2/3'))
  // A fault that hit nothing is reported, not counted as injected.
  const missed = { ...summary, faults: [...summary.faults.slice(1), { fault: summary.faults[0]!.fault, state: { kind: 'missed', atMs: 1 } as const }] }
  assert.ok(renderSummary(missed).includes('  faults survived: 2/2 (1 hit no connection)'))
  assert.equal(summaryExitCode(missed), 0)
})

test('the summary live, and after Ctrl-C', () => {
  const live = { ...summary, setup: { ...setup, target: 'live' as const, heartbeatIntervalMs: null }, loss: null, faults: [], identifyViolations: null, otherViolations: null, interrupted: true }
  assert.deepEqual(renderSummary(live), [
    'summary: ran 60.2 s, stopped by Ctrl-C',
    '  events delivered: 48,213 (to the main thread)',
    '  events lost: not available live (it needs the simulator\'s records of what was sent)',
    '  faults survived: none injected (never live)',
    '  identify violations: not available live',
    'result: OK',
  ])
})

test('the terminal frame puts everything together, the log under it', () => {
  const frame = renderFrame(snapshot, ['[  1.0 s] hello'])
  assert.equal(frame[0], renderHeader(setup, 23_400)[0])
  assert.equal(frame[2], 'all 4 shards ready in 5.9 s')
  assert.ok(frame.includes(renderShardTable(snapshot.shards)[1]!))
  assert.ok(frame.includes(renderWorkerLines(snapshot.workers)[1]!))
  assert.ok(frame.includes(renderFaultLines(snapshot.faults)[2]!))
  assert.ok(frame.includes('delivered 20,001 dispatches · 812/s to the main thread'))
  assert.deepEqual(frame.slice(-2), ['[  1.0 s] hello', 'Ctrl-C stops early, with the summary'])
  assert.ok(!renderFrame({ ...snapshot, faults: [] }, []).some((line) => line.startsWith('fault')))
})

test('the plain status line', () => {
  assert.equal(renderStatusLine(snapshot), '[ 23.4 s] status · ready 1/4 · workers 1/2 up · 812 events/s to main · delivered 20,001 · faults 2/3 injected, 1 recovered')
  const starting = { ...snapshot, allReadyAtMs: null, identify: { settled: 1, total: 4, bucket: 1, nextInMs: 2_000 }, faults: [] }
  assert.equal(renderStatusLine(starting), '[ 23.4 s] status · identifying 1/4 · bucket 1 · next in 2.0 s · workers 1/2 up · 812 events/s to main · delivered 20,001')
})

test('CPU share is CPU time over wall time, unknown across a restart', () => {
  assert.equal(cpuShare(1_250_000, 1_000_000, 2), 0.125)
  assert.equal(cpuShare(1_000_000, undefined, 2), null)
  assert.equal(cpuShare(500, 1_000_000, 2), null, 'the thread restarted')
  assert.equal(cpuShare(-1, 0, 2), null, 'the platform cannot tell')
  assert.equal(cpuShare(10, 0, 0), null)
})

test('CPU shares: a decimal below 10%', () => {
  assert.equal(formatShare(0.004), '0.4%')
  assert.equal(formatShare(0.123), '12%')
  assert.equal(formatShare(1.5), '150%')
})

test('shard ids as ranges', () => {
  assert.equal(formatIds([0, 1, 2, 3]), '0-3')
  assert.equal(formatIds([0, 2, 3, 4, 8]), '0, 2-4, 8')
  assert.equal(formatIds([]), '')
})
