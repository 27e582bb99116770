// Strings: the JavaScript fast path for short strings must get astral characters and emoji
// right at every length around its threshold (a peer's decoder writes a wrong low surrogate),
// and must validate UTF-8 exactly as a fatal TextDecoder does.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import erlpack from 'erlpack'
import { decodeEtf, encodeEtf } from '@shardwire/core'
import { decodeUtf8, SHORT_UTF8_MAX_BYTES } from '../src/encoding/etf/decode-utf8.js'
import { randomString, Rng } from './etf-random-terms.js'

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))

/** Strings whose UTF-8 length is `bytes`, built from one repeated unit and an ASCII filler. */
function ofByteLength(bytes: number, unit: string, position: 'start' | 'end' | 'middle' | 'only'): string | null {
  const unitBytes = Buffer.byteLength(unit)
  if (position === 'only') return bytes % unitBytes === 0 ? unit.repeat(bytes / unitBytes) : null
  if (bytes < unitBytes) return null
  const filler = 'x'.repeat(bytes - unitBytes)
  if (position === 'start') return unit + filler
  if (position === 'end') return filler + unit
  const half = Math.floor(filler.length / 2)
  return filler.slice(0, half) + unit + filler.slice(half)
}

const UNITS = ['😀', '👩‍💻', '🇫🇷', '𝄞', '\u{10ffff}', '\u{10000}', '中', 'é', '\u0800', '\uffff', '\ufeff', 'a']

describe('short strings around the fast-path threshold', () => {
  test(`every byte length 0..${SHORT_UTF8_MAX_BYTES * 2 + 8}, every kind of character, at the start, middle and end`, () => {
    let checked = 0
    for (let bytes = 0; bytes <= SHORT_UTF8_MAX_BYTES * 2 + 8; bytes++) {
      for (const unit of UNITS) {
        for (const position of ['start', 'end', 'middle', 'only'] as const) {
          const text = ofByteLength(bytes, unit, position)
          if (text === null) continue
          assert.equal(Buffer.byteLength(text), bytes)
          const label = `${JSON.stringify(unit)} ${position}, ${bytes} bytes`
          // Our bytes, erlpack's bytes, as a value and as a map key (the key cache path).
          assert.equal(decodeEtf(encodeEtf(text)), text, label)
          assert.equal(decodeEtf(erlpack.pack(text)), text, `${label}, packed by erlpack`)
          assert.equal(erlpack.unpack(Buffer.from(encodeEtf(text))), text, `${label}, read by erlpack`)
          assert.deepStrictEqual(decodeEtf(encodeEtf({ [text]: text })), { [text]: text }, `${label} as a key`)
          checked++
        }
      }
    }
    assert.ok(checked > 1000)
  })

  test('surrogate pairs are exact: code points U+10000..U+10FFFF sampled across the range', () => {
    for (let codePoint = 0x1_0000; codePoint <= 0x10_ffff; codePoint += 0x1ff) {
      const char = String.fromCodePoint(codePoint)
      for (const prefix of ['', 'ab', 'x'.repeat(SHORT_UTF8_MAX_BYTES - 4), 'x'.repeat(SHORT_UTF8_MAX_BYTES - 3)]) {
        const text = `${prefix}${char}${char}`
        const decoded = decodeEtf(encodeEtf(text)) as string
        assert.equal(decoded, text, `U+${codePoint.toString(16)} after ${prefix.length} bytes`)
        assert.equal(decoded.codePointAt(prefix.length), codePoint)
      }
    }
  })

  test('a short emoji string decodes to the same UTF-16 units as TextDecoder gives', () => {
    for (const text of ['😀', 'a😀', '😀a', '🎉🎉🎉', 'héllo 👋', '👩‍👩‍👧‍👦', '🏳️‍🌈 flag', 'ℌ𝔢𝔩𝔩𝔬']) {
      const bytes = utf8(text)
      const decoded = decodeUtf8(bytes, 0, bytes.length)
      assert.equal(decoded, fatal.decode(bytes))
      assert.deepEqual([...decoded!].map((c) => c.codePointAt(0)), [...text].map((c) => c.codePointAt(0)))
    }
  })

  test('random mixed strings of every length up to 200 units', () => {
    const rng = new Rng(0x57)
    for (let i = 0; i < 3000; i++) {
      const text = randomString(rng, i % 200)
      assert.equal(decodeEtf(encodeEtf(text)), text)
      assert.equal(decodeEtf(erlpack.pack(text)), text)
    }
  })

  test('lone surrogates are written as U+FFFD, as TextEncoder does (UTF-8 cannot hold them)', () => {
    for (const text of ['\ud800', 'a\udc00b', `${'x'.repeat(100)}\ud83d`]) {
      assert.equal(decodeEtf(encodeEtf(text)), new TextDecoder().decode(new TextEncoder().encode(text)))
    }
  })
})

describe('decodeUtf8 validates exactly as a fatal TextDecoder', () => {
  /** Valid and invalid byte sequences at the edges of the UTF-8 table (Unicode 3.9, table 3-7). */
  const edges: number[][] = [
    [0x00], [0x7f], [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc2, 0x80], [0xdf, 0xbf], [0xc2], [0xc2, 0x7f], [0xc2, 0xc0],
    [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xe0, 0xa0, 0x80], [0xe1, 0x80, 0x80], [0xec, 0xbf, 0xbf], [0xed, 0x80, 0x80],
    [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xe0, 0xa0], [0xef, 0xbf, 0x7f],
    [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf3, 0xbf, 0xbf, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xf7, 0xbf, 0xbf, 0xbf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff],
    [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x80], [0xf0, 0x9f, 0x98, 0xc0], [0xef, 0xbb, 0xbf],
  ]

  function agree(bytes: Uint8Array, label: string): void {
    let expected: string | null
    try {
      expected = fatal.decode(bytes)
    } catch {
      expected = null
    }
    assert.equal(decodeUtf8(bytes, 0, bytes.length), expected, label)
    // The same bytes inside a larger buffer: only [start, end) counts.
    const padded = new Uint8Array(bytes.length + 4)
    padded.set([0xf0, 0x9f], 0)
    padded.set(bytes, 2)
    padded.set([0x98, 0x80], bytes.length + 2)
    assert.equal(decodeUtf8(padded, 2, bytes.length + 2), expected, `${label}, padded`)
  }

  test('every edge sequence alone, after ASCII, and before ASCII, on the short and the long path', () => {
    for (const edge of edges) {
      for (const [before, after] of [[0, 0], [5, 0], [0, 5], [SHORT_UTF8_MAX_BYTES - edge.length, 0], [SHORT_UTF8_MAX_BYTES, 3]] as const) {
        const bytes = Uint8Array.from([...new Array<number>(before).fill(0x61), ...edge, ...new Array<number>(after).fill(0x62)])
        agree(bytes, `${edge.map((b) => b.toString(16)).join(' ')} with ${before}+${after} ASCII`)
      }
    }
  })

  test('seeded random byte strings, mostly near-valid UTF-8, agree with TextDecoder', () => {
    const rng = new Rng(0x0f8)
    let invalid = 0
    for (let i = 0; i < 20_000; i++) {
      // Valid text, then a few random bytes overwritten or cut.
      const bytes = utf8(randomString(rng, rng.int(40)))
      const mutations = rng.int(3)
      for (let m = 0; m < mutations && bytes.length > 0; m++) {
        bytes[rng.int(bytes.length)] = rng.chance(0.5) ? rng.int(256) : 0x80 | rng.int(0x40)
      }
      const cut = rng.chance(0.2) ? rng.int(bytes.length + 1) : bytes.length
      const sample = bytes.subarray(0, cut)
      if (!Buffer.from(sample).equals(Buffer.from(new TextEncoder().encode(new TextDecoder().decode(sample))))) invalid++
      agree(sample, `random #${i}`)
    }
    assert.ok(invalid > 2000, `${invalid} samples were invalid UTF-8`)
  })
})
