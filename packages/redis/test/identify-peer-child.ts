// A child process holding one RedisIdentifyQueue, driven by its parent over IPC (identify-peer.ts):
// another process of the same bot, which the tests can SIGKILL.
import { RedisIdentifyQueue } from '../src/index.js'
import type { PeerCommand, PeerReport } from './identify-peer.js'

const options = JSON.parse(process.env['SHARDWIRE_PEER_OPTIONS']!) as Parameters<typeof RedisIdentifyQueue.connect>[0]
const send = (report: PeerReport): void => {
  if (process.connected) process.send!(report)
}

const queue = await RedisIdentifyQueue.connect(options).catch((error: { code?: string }) => {
  send({ type: 'failed', code: error.code ?? 'UNKNOWN' })
  process.exit(1)
})
queue.on('granted', (event) => send({ type: 'grant', ...event }))
process.on('message', (command: PeerCommand) => {
  queue.waitForIdentify(command.shardId, { timeoutMs: command.timeoutMs }).then(
    () => send({ type: 'settled', id: command.id, code: null }),
    (error: { code?: string }) => send({ type: 'settled', id: command.id, code: error.code ?? 'UNKNOWN' }),
  )
})
process.on('disconnect', () => {
  void queue.close().then(() => process.exit(0))
})
send({ type: 'ready' })
