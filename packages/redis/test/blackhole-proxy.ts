// A TCP proxy in front of Redis that can go silent (a partition): connections stay open, bytes stop.
import { createServer, connect, type Socket } from 'node:net'

/** A proxy on 127.0.0.1, forwarding to `target` until {@link BlackholeProxy.cut}. */
export interface BlackholeProxy {
  readonly url: string
  /** From now on, nothing passes in either direction (no close, no reset: the peer just hears nothing). */
  cut(): void
  close(): Promise<void>
}

/** Starts a proxy to the Redis at `targetUrl`. */
export async function startBlackholeProxy(targetUrl: string): Promise<BlackholeProxy> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  let cut = false
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => sockets.delete(socket))
    }
    client.on('data', (chunk) => { if (!cut) upstream.write(chunk) })
    upstream.on('data', (chunk) => { if (!cut) client.write(chunk) })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    cut: () => { cut = true },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
