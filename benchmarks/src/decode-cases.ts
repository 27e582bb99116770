import { deepStrictEqual } from 'node:assert/strict'
import { decodeEtf, decodeJson } from '@shardwire/core'
import type { BenchCase, SkippedCase } from './bench-runner.js'
import type { CodecInputs } from './corpus-inputs.js'
import { erlpack } from './native-modules.js'
import { rowNames } from './row-names.js'

// How many events each decoder's output is compared against JSON.parse before timing.
const VERIFY_EVENTS = 300

/** Integers as decimal strings: erlpack returns every integer beyond 32 bits (timestamps too) as a string. */
function integersAsStrings(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value)
  if (Array.isArray(value)) return value.map(integersAsStrings)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, integersAsStrings(v)]))
  return value
}

function verifyDecoder(inputs: CodecInputs, decode: (bytes: Uint8Array) => unknown, loose = false): () => void {
  return () => {
    const count = Math.min(VERIFY_EVENTS, inputs.events)
    for (let i = 0; i < count; i++) {
      const actual = decode(inputs.etf[i] as Uint8Array)
      const expected = JSON.parse(inputs.text[i] as string) as unknown
      if (loose) deepStrictEqual(integersAsStrings(actual), integersAsStrings(expected))
      else deepStrictEqual(actual, expected)
    }
  }
}

/** Decoding without compression: JSON from text and bytes, ETF ours and native. */
export function decodeCases(inputs: CodecInputs): { cases: BenchCase[]; skipped: SkippedCase[] } {
  const { corpus, events, text, json, etf } = inputs
  const base = { group: 'decode', corpus, events } as const
  const utf8 = new TextDecoder()
  const cases: BenchCase[] = [
    {
      ...base,
      name: rowNames.jsonParseString,
      bytes: inputs.jsonBytes,
      run: () => {
        let n = 0
        for (let i = 0; i < events; i++) if (JSON.parse(text[i] as string) !== null) n++
        return n
      },
    },
    {
      ...base,
      name: rowNames.textDecoderJson,
      bytes: inputs.jsonBytes,
      run: () => {
        let n = 0
        for (let i = 0; i < events; i++) if (JSON.parse(utf8.decode(json[i])) !== null) n++
        return n
      },
    },
    {
      ...base,
      name: rowNames.decodeJson,
      bytes: inputs.jsonBytes,
      baseline: rowNames.textDecoderJson,
      run: () => {
        let n = 0
        for (let i = 0; i < events; i++) if (decodeJson(json[i] as Uint8Array) !== null) n++
        return n
      },
    },
    {
      ...base,
      name: rowNames.decodeEtf,
      bytes: inputs.etfBytes,
      baseline: rowNames.erlpack,
      verify: verifyDecoder(inputs, (bytes) => decodeEtf(bytes)),
      run: () => {
        let n = 0
        for (let i = 0; i < events; i++) if (decodeEtf(etf[i] as Uint8Array) !== null) n++
        return n
      },
    },
  ]
  const skipped: SkippedCase[] = []
  if (erlpack.ok) {
    const { unpack } = erlpack.module
    cases.push({
      ...base,
      name: rowNames.erlpack,
      bytes: inputs.etfBytes,
      verify: verifyDecoder(inputs, (bytes) => unpack(bytes as Buffer), true),
      run: () => {
        let n = 0
        for (let i = 0; i < events; i++) if (unpack(etf[i] as Buffer) !== null) n++
        return n
      },
    })
  } else {
    skipped.push({ name: rowNames.erlpack, group: 'decode', corpus, skipped: erlpack.reason })
  }
  return { cases, skipped }
}
