// The BigInt-free 64-bit to decimal conversion behind snowflakes, checked against BigInt.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { uint64ToDecimal } from '../src/encoding/etf/uint64-to-decimal.js'
import { Rng } from './etf-random-terms.js'

function check(value: bigint): void {
  const high = Number(value >> 32n)
  const low = Number(value & 0xffff_ffffn)
  assert.equal(uint64ToDecimal(high, low), value.toString(), `0x${value.toString(16)}`)
}

test('edges: around 2^32, 2^53, powers of ten, 2^63 and 2^64 - 1', () => {
  const edges = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n]
  for (let power = 15n; power <= 19n; power++) edges.push(10n ** power - 1n, 10n ** power, 10n ** power + 1n)
  // Values whose base-10^9 parts are all zeros or all nines.
  edges.push(10n ** 18n + 10n ** 9n, 999_999_999_999_999_999n, 18_000_000_000_000_000_000n, 10_000_000_000_999_999_999n)
  for (const value of edges) check(value)
})

test('20,000 random 64-bit values, and every bit length from 53 to 64', () => {
  const rng = new Rng(0x64)
  for (let i = 0; i < 20_000; i++) check(rng.uint64())
  for (let bits = 53n; bits <= 64n; bits++) {
    for (let i = 0; i < 500; i++) check((1n << (bits - 1n)) | (rng.uint64() & ((1n << (bits - 1n)) - 1n)))
  }
})

test('snowflakes from 2015 to 2090', () => {
  const rng = new Rng(0x5f)
  for (let i = 0; i < 5_000; i++) {
    const milliseconds = BigInt(rng.int(75 * 365 * 24 * 3600)) * 1000n + BigInt(rng.int(1000))
    check((milliseconds << 22n) | BigInt(rng.int(1 << 22)))
  }
})
