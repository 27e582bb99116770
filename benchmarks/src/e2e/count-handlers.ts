// The handlers module of the shardwire-handlers mode, as a data: URL so that workers load it
// as plain JavaScript whether shardwire runs from its sources (tsx) or from a build. It counts
// every dispatch of the load's mix and reports the count on a broadcast channel every 50 ms.

/** The channel the counts travel on. */
export const countChannelName = 'shardwire-e2e-counts'

const names = ['PRESENCE_UPDATE', 'MESSAGE_CREATE', 'TYPING_START', 'GUILD_MEMBER_UPDATE', 'MESSAGE_REACTION_ADD'] as const

const source = `
import { BroadcastChannel, threadId } from 'node:worker_threads'
let count = 0
const channel = new BroadcastChannel(${JSON.stringify(countChannelName)})
setInterval(() => channel.postMessage({ threadId, count }), 50).unref()
const counted = () => { count++ }
export default { ${names.map((name) => `${name}: counted`).join(', ')} }
`

/** The module's URL, for the manager's `workerModule` option. */
export const countHandlersModule = new URL(`data:text/javascript,${encodeURIComponent(source)}`)
