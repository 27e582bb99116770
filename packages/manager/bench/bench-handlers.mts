import { defineWorkerHandlers } from '../../worker/src/index.ts'
let n = 0
const count = (): void => { n++ }
export default defineWorkerHandlers({ MESSAGE_CREATE: count, PRESENCE_UPDATE: count, GUILD_MEMBER_UPDATE: count, TYPING_START: count })
