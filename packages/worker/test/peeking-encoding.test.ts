// PeekingEncoding: decodes only what the worker needs, keeps every dispatch's text.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { etfEncoding, jsonEncoding } from '@shardwire/core'
import { PeekingEncoding } from '../src/host/peeking-encoding.js'

const message = '{"op":0,"d":{"content":"hi"},"s":5,"t":"MESSAGE_CREATE"}'

test('a dispatch nobody in the worker needs is not decoded, and its text is kept', () => {
  const encoding = new PeekingEncoding(jsonEncoding, () => false)
  const payload = encoding.decode(message)
  assert.deepEqual(payload, { op: 0, t: 'MESSAGE_CREATE', s: 5, d: null })
  assert.equal(encoding.textOf(payload), message)
  assert.equal(encoding.name, 'json')
})

test('needed names, READY and other opcodes are decoded; dispatches keep their text', () => {
  const encoding = new PeekingEncoding(jsonEncoding, (name) => name === 'MESSAGE_CREATE')
  const needed = encoding.decode(message)
  assert.deepEqual(needed.d, { content: 'hi' })
  assert.equal(encoding.textOf(needed), message)
  const ready = encoding.decode('{"op":0,"d":{"session_id":"a"},"s":1,"t":"READY"}')
  assert.deepEqual(ready.d, { session_id: 'a' })
  const hello = encoding.decode('{"op":10,"d":{"heartbeat_interval":1},"s":null,"t":null}')
  assert.deepEqual(hello.d, { heartbeat_interval: 1 })
  assert.equal(encoding.textOf(hello), undefined)
})

test('malformed text that is not peekable still fails like the inner encoding', () => {
  const encoding = new PeekingEncoding(jsonEncoding, () => false)
  assert.throws(() => encoding.decode('{"op":0,'), { code: 'JSON_INVALID' })
})

test('ETF bytes go to the inner encoding and keep no text', () => {
  const encoding = new PeekingEncoding(etfEncoding, () => false)
  const bytes = etfEncoding.encode({ op: 0, d: { a: 1 }, s: 2, t: 'TYPING_START' })
  const payload = encoding.decode(bytes as Uint8Array)
  assert.equal(payload.t, 'TYPING_START')
  assert.equal(encoding.textOf(payload), undefined)
  assert.deepEqual(encoding.encode({ op: 1, d: null }), etfEncoding.encode({ op: 1, d: null }))
})

test('the text of a dispatch nobody forwards is not kept, decoded or not', () => {
  const encoding = new PeekingEncoding(jsonEncoding, (name) => name === 'MESSAGE_CREATE', (name) => name === 'TYPING_START')
  const typing = encoding.decode('{"op":0,"t":"TYPING_START","s":1,"d":{"user_id":"1"}}')
  const message = encoding.decode('{"op":0,"t":"MESSAGE_CREATE","s":2,"d":{"id":"5"}}')
  const presence = encoding.decode('{"op":0,"t":"PRESENCE_UPDATE","s":3,"d":{}}')
  assert.equal(encoding.textOf(typing), '{"op":0,"t":"TYPING_START","s":1,"d":{"user_id":"1"}}', 'forwarded: kept, though not decoded')
  assert.deepEqual(message.d, { id: '5' })
  assert.equal(encoding.textOf(message), undefined, 'decoded for a handler, not forwarded: nothing kept')
  assert.equal(presence.d, null)
  assert.equal(encoding.textOf(presence), undefined, 'neither: nothing kept')
})
