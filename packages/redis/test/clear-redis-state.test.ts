import assert from 'node:assert/strict'
import { test } from 'node:test'
import { clearRedisState } from '../src/index.js'
import { inspector, sharedRedisUrl, uniquePrefix } from './redis-test-harness.js'

test('clearRedisState deletes every key under its prefix and nothing else', async () => {
  const mine = uniquePrefix('clear')
  const other = uniquePrefix('clear-other')
  const redis = await inspector()
  try {
    await redis.mset(`${mine}a`, '1', `${mine}b:c`, '2', `${other}a`, '3')
    assert.equal(await clearRedisState({ url: sharedRedisUrl, keyPrefix: mine }), 2)
    assert.deepEqual(await redis.mget(`${mine}a`, `${mine}b:c`, `${other}a`), [null, null, '3'])
    assert.equal(await clearRedisState({ url: sharedRedisUrl, keyPrefix: mine }), 0)
  } finally {
    await redis.del(`${other}a`)
    redis.disconnect()
  }
})

test('clearRedisState validates its options', async () => {
  await assert.rejects(clearRedisState({ url: sharedRedisUrl, keyPrefix: 'no spaces allowed' }), { code: 'INVALID_OPTION', option: 'keyPrefix' })
  await assert.rejects(clearRedisState({ url: 'http://127.0.0.1', keyPrefix: 'x:' }), { code: 'INVALID_OPTION', option: 'url' })
})
