// Test Redis prefixes and their cleanup, over a bare socket: the tests package has no Redis client of its own.
import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'

/** The shared test Redis; every test keeps to its own key prefix. */
export const redisUrl = process.env['SHARDWIRE_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0'

/** A key prefix no other test (or run) uses. Random only for isolation: no test decision depends on it. */
export function uniquePrefix(name: string): string {
  return `shardwire-test:${name}:${process.pid}:${randomBytes(4).toString('hex')}:`
}

// One script scans and deletes, so the cleanup is one round trip that never touches other prefixes.
const deleteScript = `local cursor, n = '0', 0
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1] .. '*', 'COUNT', 500)
  cursor = page[1]
  for _, key in ipairs(page[2]) do redis.call('DEL', key); n = n + 1 end
until cursor == '0'
return n`

const encode = (args: readonly string[]): string => `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`

/** Deletes every key under `prefix` (never FLUSHDB: others share the server); resolves with the count. */
export async function deleteKeys(prefix: string, url = redisUrl): Promise<number> {
  const { hostname, port, pathname } = new URL(url)
  const db = pathname.replace(/^\//, '') || '0'
  const socket = connect({ host: hostname, port: Number(port || 6379) })
  socket.setEncoding('utf8')
  socket.write(encode(['SELECT', db]) + encode(['EVAL', deleteScript, '0', prefix]))
  let received = ''
  try {
    for await (const chunk of socket) {
      received += String(chunk)
      const lines = received.split('\r\n')
      if (lines.length < 3) continue
      if (!lines[1]!.startsWith(':')) throw new Error(`redis cleanup failed: ${lines.slice(0, 2).join(' | ')}`)
      return Number(lines[1]!.slice(1))
    }
    throw new Error('redis cleanup: connection closed early')
  } finally {
    socket.destroy()
  }
}
