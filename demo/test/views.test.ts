import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PlainView, plainStatusEveryMs } from '../src/plain-view.js'
import { renderSummary } from '../src/render-summary.js'
import { TtyView } from '../src/tty-view.js'
import { setup, snapshot, summary } from './fixtures.js'

test('plain view: the header once, each event as it happens, a status line every few seconds, tables and summary at the end', () => {
  const out: string[] = []
  const view = new PlainView((text) => out.push(text))
  view.begin(setup)
  view.update({ ...snapshot, elapsedMs: 1_000 })
  view.update({ ...snapshot, elapsedMs: 1_500 })
  view.event({ kind: 'shard-ready', atMs: 1_600, shardId: 0, workerId: 0 })
  view.update({ ...snapshot, elapsedMs: 1_000 + plainStatusEveryMs })
  view.finish(renderSummary(summary))
  const text = out.join('')
  assert.ok(out.every((chunk) => chunk.endsWith('\n')), 'whole lines only')
  assert.doesNotMatch(text, /\x1b/, 'no escape sequences in a pipe')
  assert.equal(text.match(/^shardwire demo/gm)?.length, 1)
  assert.equal(text.match(/ status · /g)?.length, 2, 'status lines are spaced out')
  assert.match(text, /READY {4}shard 0/)
  assert.match(text, /^shard {2}worker {2}status/m)
  assert.match(text, /^worker 1 · shards 2-3 · DOWN/m)
  assert.ok(text.trimEnd().endsWith('result: OK'))
})

test('terminal view: redraws in place, cut to the terminal width, cursor hidden then shown', () => {
  const out: string[] = []
  const view = new TtyView((text) => out.push(text), () => 60)
  view.begin(setup)
  view.update(snapshot)
  view.event({ kind: 'shard-ready', atMs: 1_600, shardId: 0, workerId: 0 })
  view.finish(['result: OK'])
  assert.equal(out[0], '\x1b[?25l')
  const frames = out.filter((chunk) => chunk.includes('\x1b[J'))
  assert.equal(frames.length, 2, 'one frame per update and per event')
  assert.match(frames[0]!, /^\x1b\[1F\x1b\[J/, 'the first frame replaces the title line')
  const lines = frames[1]!.replace(/^\x1b\[\d+F\x1b\[J/, '').split('\n').slice(0, -1)
  assert.match(frames[1]!, new RegExp(`^\\x1b\\[${lines.length - 1}F`), 'back over the previous frame, one line shorter than this one')
  assert.ok(lines.every((line) => line.length <= 59), 'no line wraps')
  assert.ok(lines.some((line) => line.includes('READY')))
  assert.equal(out.at(-1), '\nresult: OK\n\x1b[?25h')
})
