// A child process holding one RedisShardOwnership, driven by its parent over IPC (ownership-peer.ts):
// another process of the same bot, which the tests can SIGKILL, SIGSTOP or freeze.
import { setTimeout as sleep } from 'node:timers/promises'
import { RedisShardOwnership, type RedisShardOwnershipOptions } from '../src/index.js'
import type { OwnershipCommand, OwnershipReport } from './ownership-peer.js'

const options = JSON.parse(process.env['SHARDWIRE_OWNERSHIP_OPTIONS']!) as RedisShardOwnershipOptions
const send = (report: OwnershipReport): void => {
  if (process.connected) process.send!(report)
}

const ownership = await RedisShardOwnership.connect({
  ...options,
  // What the manager will do here: a resumable close and a session save.
  beforeRelease: async (shardId) => {
    send({ type: 'beforeRelease', shardId, at: Date.now() })
    await sleep(30)
  },
}).catch((error: { code?: string }) => {
  send({ type: 'failed', code: error.code ?? 'UNKNOWN' })
  process.exit(1)
})
ownership.on('claimed', (shardId, token) => send({ type: 'claimed', shardId, token, at: Date.now() }))
ownership.on('released', (shardId) => send({ type: 'released', shardId, at: Date.now() }))
ownership.on('lost', (shardId, reason) => send({ type: 'lost', shardId, reason, at: Date.now() }))
ownership.on('handover', (shardId, to) => send({ type: 'handover', shardId, to, at: Date.now() }))
ownership.on('error', (error) => send({ type: 'error', code: error.code }))
process.on('message', (command: OwnershipCommand) => {
  if (command.type === 'start') ownership.start()
  else {
    // A long synchronous stall (a GC pause, a blocked event loop): no timer runs meanwhile.
    const until = performance.now() + command.ms
    while (performance.now() < until);
  }
})
process.on('disconnect', () => {
  void ownership.close().then(() => process.exit(0))
})
send({ type: 'ready', memberId: ownership.memberId })
