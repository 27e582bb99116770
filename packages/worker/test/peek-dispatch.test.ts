// peekDispatch: name and sequence read from the text, in either member order; null (decode it) on anything unusual.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { peekDispatch } from '../src/host/peek-dispatch.js'

test('reads t and s in Discord\'s member order and in the d-first order', () => {
  assert.deepEqual(peekDispatch('{"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"t":"X","s":1}}'), { t: 'MESSAGE_CREATE', s: 42 })
  assert.deepEqual(peekDispatch('{"op":0,"d":{"t":"X","s":1},"s":7,"t":"TYPING_START"}'), { t: 'TYPING_START', s: 7 })
  assert.deepEqual(peekDispatch('{"op":0,"s":3,"d":[1,2],"t":"GUILD_CREATE"}'), { t: 'GUILD_CREATE', s: 3 })
})

test('gives up on other opcodes, missing members, whitespace and escapes', () => {
  for (const text of [
    '{"op":11,"d":null,"s":null,"t":null}',
    '{"op":0,"d":{"x":"a\\"t\\":\\"Y"}}',
    '{"op":0,"d":{"a":"\\",\\"s\\":1,\\"t\\":\\"X"}}',
    '{"d":{"t":"Z"},"t":"A","s":1}',
    '{ "op": 0, "d": {}, "s": 1, "t": "A" }',
    '{"op":0,"d":{},"s":1,"t":"a\\u0041"}',
    '[]',
    '',
  ]) assert.equal(peekDispatch(text), null, text)
})

test('never disagrees with JSON.parse on text it reads (seeded fuzz)', () => {
  let seed = 12345
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  // d holds look-alikes of the top-level members, in strings with escapes and as nested keys.
  const ds = [null, {}, { t: 'X', s: 1 }, { a: '","t":"Y' }, { a: 'x\\', t: 'Z' }, ['"s":3', { op: 0 }], '\\"t\\":\\"W', 5]
  let read = 0
  let rejected = 0
  for (let i = 0; i < 5000; i++) {
    const members: [string, unknown][] = [['op', pick([0, 0, 0, 1, 11])], ['d', pick(ds)], ['s', pick([1, 42, null])], ['t', pick(['MESSAGE_CREATE', 'A_1', null, 'a b'])]]
    members.sort(() => random() - 0.5)
    let text = JSON.stringify(Object.fromEntries(members.filter(() => random() > 0.1)))
    // Sometimes damage it: cut it short, or add a space.
    const damage = random()
    if (damage < 0.1) text = text.slice(0, Math.floor(random() * text.length)) + '}'
    else if (damage < 0.2) text = text.replace(':', ': ')
    const head = peekDispatch(text)
    if (head === null) {
      rejected++
      continue
    }
    const parsed = JSON.parse(text) as { op?: unknown; t?: unknown; s?: unknown }
    read++
    assert.deepEqual({ op: parsed.op, t: parsed.t, s: parsed.s }, { op: 0, ...head }, text)
  }
  // The fuzz must reach both outcomes, or it tests nothing.
  assert.ok(read > 100 && rejected > 100, `read ${read}, rejected ${rejected}`)
})
