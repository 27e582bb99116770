// A handlers module for the worker-handlers tests: each worker imports it.
import { defineWorkerHandlers } from '@shardwire/worker'

export default defineWorkerHandlers({
  MESSAGE_CREATE(message, shardId, context) {
    if (message.content === 'throw') throw new Error('handler threw on purpose')
    // Answer with a presence update whose status names the message: the simulator records it.
    if (message.content === 'ping') void context.send(shardId, { op: 3, d: { since: null, activities: [], status: 'idle', afk: false } })
  },
  async TYPING_START(typing, shardId, context) {
    if (typing.timestamp === 99) await context.send(shardId, { op: 3, d: { since: null, activities: [], status: 'dnd', afk: false } })
  },
})
