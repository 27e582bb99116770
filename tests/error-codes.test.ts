// Every error code is documented in `errorCodes` (the compiler enforces that for thrown codes)
// and asserted by at least one test somewhere in the repository (enforced here).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { errorCodes } from '@shardwire/core'

const root = join(import.meta.dirname, '..')

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path)
    return entry.name.endsWith('.test.ts') && entry.name !== 'error-codes.test.ts' ? [path] : []
  })
}

test('every documented error code is asserted by a test', () => {
  const sources = [join(root, 'packages'), join(root, 'tests')]
    .flatMap(testFiles)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
  const unasserted = Object.keys(errorCodes).filter((code) => !sources.includes(`'${code}'`))
  assert.deepEqual(unasserted, [], `error codes no test asserts: ${unasserted.join(', ')}`)
})

test('every error code has a one-line description', () => {
  for (const [code, description] of Object.entries(errorCodes)) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/, code)
    assert.ok(description.length > 10 && !description.includes('\n'), `${code} needs a description`)
  }
})
