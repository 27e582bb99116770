import type { Random } from '../corpus/random.js'
import type { GuildDirectory } from '../guilds/guild-directory.js'
import type { Recorder } from '../records/recorder.js'
import type { IdentifyLimiter } from '../rules/identify-limiter.js'
import type { SessionStartBudget } from '../rules/session-start-budget.js'
import type { DispatchEntry, Session } from '../sessions/session.js'
import type { SessionStore } from '../sessions/session-store.js'
import type { ResolvedOptions } from '../simulator-options.js'
import type { ReadyEvent } from '../simulator-events.js'
import type { BotIdentity } from './bot-identity.js'

/**
 * What every connection shares: the options, the token-wide limits, the sessions and the
 * records. One per simulator; it survives restarts.
 */
export interface GatewayContext {
  readonly options: ResolvedOptions
  readonly recorder: Recorder
  readonly sessions: SessionStore
  readonly limiter: IdentifyLimiter
  readonly budget: SessionStartBudget
  readonly guilds: GuildDirectory
  readonly bot: BotIdentity
  /** Seeded bytes for corrupt frames. */
  readonly random: Random
  /** The URL READY hands out as `resume_gateway_url`. */
  resumeGatewayUrl(): string
  /** Called for every dispatch a session logs (emits the simulator's `dispatch` event). */
  readonly onDispatch: (session: Session, entry: DispatchEntry) => void
  /** Emits the simulator's `ready` event. */
  emitReady(event: ReadyEvent): void
  /** Finds an open connection by id (a resume takes a session over from its old connection). */
  connection(id: number): { closeWith(code: number, reason: string): void } | undefined
}
