// A handlers module that crashes its worker on demand, with the token in the crash message:
// the manager must restart the worker and must not repeat the token.
import { workerData } from 'node:worker_threads'
import { defineWorkerHandlers } from '@shardwire/worker'

const { token } = (workerData as { config: { token: string } }).config

export default defineWorkerHandlers({
  MESSAGE_CREATE(message) {
    // Thrown outside the handler's call, so it is an uncaught exception that ends the thread; a
    // moment later, so that the event itself reached the main thread (else its replay would
    // crash the restarted worker again, until the restart cap).
    if (message.content === 'crash') setTimeout(() => { throw new Error(`crashing with ${token}`) }, 20)
  },
})
