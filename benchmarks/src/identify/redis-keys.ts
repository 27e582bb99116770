// Deletes a benchmark's Redis keys over a bare socket: the benchmarks package has no Redis client of its own.
import { connect } from 'node:net'

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
export async function deleteKeys(prefix: string, url: string): Promise<number> {
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
