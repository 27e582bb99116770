// readForwardedDispatch: forwarded text becomes a dispatch whose d is parsed on first read.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ShardDispatch } from '@shardwire/core'
import type { ForwardedText } from '../src/bridge/bridge-api.js'
import { readForwardedDispatch } from '../src/bridge/read-forwarded-dispatch.js'

function forwarded(t: string, s: number, text: string): ForwardedText {
  return { op: 0, t, s, text } as ForwardedText
}

test('t and s at once, d parsed once when read', () => {
  const payload = readForwardedDispatch(forwarded('MESSAGE_CREATE', 9, '{"op":0,"d":{"content":"hi"},"s":9,"t":"MESSAGE_CREATE"}'))
  assert.equal(payload.t, 'MESSAGE_CREATE')
  assert.equal(payload.s, 9)
  const first = payload.d
  assert.deepEqual(first, { content: 'hi' })
  assert.equal(payload.d, first)
  assert.deepEqual(JSON.parse(JSON.stringify(payload)), { op: 0, t: 'MESSAGE_CREATE', s: 9, d: { content: 'hi' } })
})

test('decoded dispatches pass through as they are', () => {
  const ready = { op: 0, t: 'READY', s: 1, d: { session_id: 'a' } } as unknown as ShardDispatch
  assert.equal(readForwardedDispatch(ready), ready)
})

test('text that is not a gateway payload fails with a DecodeError when d is read', () => {
  const payload = readForwardedDispatch(forwarded('TYPING_START', 2, '{"op":0,"d":'))
  assert.throws(() => payload.d, { code: 'JSON_INVALID' })
  const notPayload = readForwardedDispatch(forwarded('TYPING_START', 2, '[1]'))
  assert.throws(() => notPayload.d, { code: 'PAYLOAD_INVALID' })
})
