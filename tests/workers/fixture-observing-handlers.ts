// A handlers module that reports every MESSAGE_CREATE it handles on a BroadcastChannel (which
// reaches the test's thread), and crashes its worker on demand.
import { BroadcastChannel } from 'node:worker_threads'
import { defineWorkerHandlers } from '@shardwire/worker'

const observed = new BroadcastChannel('shardwire-observed-handlers')

export default defineWorkerHandlers({
  MESSAGE_CREATE(message, shardId) {
    observed.postMessage({ shardId, id: message.id })
    // An uncaught exception a moment later ends the thread.
    if (message.content === 'crash') setTimeout(() => { throw new Error('crashing on purpose') }, 20)
  },
})
