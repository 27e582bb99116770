/**
 * What a shard needs to resume its session in another process or after a restart
 * ("Resuming" in Discord's gateway docs).
 */
export interface SessionInfo {
  /** `session_id` from READY. */
  readonly sessionId: string
  /** The last dispatch sequence received: resuming replays everything after it. */
  readonly sequence: number
  /** `resume_gateway_url` from READY: resumes must connect there. */
  readonly resumeUrl: string
  /** The shard count the session was identified with; a session is only valid for that count. */
  readonly shardCount: number
}

/**
 * Loads the saved session of shard `shardId`, or null. Called once per `connect()`.
 * May be asynchronous (a file, Redis).
 */
export type RetrieveSessionInfo = (shardId: number) => SessionInfo | null | Promise<SessionInfo | null>

/**
 * Saves the session of shard `shardId`, or forgets it (`null`) when it ended. Called on a
 * timer, when a connection closes, and when the shard is closed; never once per event.
 */
export type UpdateSessionInfo = (shardId: number, info: SessionInfo | null) => void | Promise<void>

/**
 * Why a saved session cannot be resumed by a shard of `shardCount` shards, or null when it can.
 * Hooks return data from outside (a file, Redis), so its shape is checked rather than trusted.
 */
export function unusableSessionReason(info: unknown, shardCount: number): string | null {
  if (typeof info !== 'object' || info === null) return 'it is not an object'
  const { sessionId, sequence, resumeUrl, shardCount: savedCount } = info as Record<string, unknown>
  if (typeof sessionId !== 'string' || sessionId === '') return '`sessionId` is not a non-empty string'
  if (!Number.isSafeInteger(sequence) || (sequence as number) < 0) return '`sequence` is not an integer >= 0'
  if (typeof resumeUrl !== 'string' || !URL.canParse(resumeUrl)) return '`resumeUrl` is not a URL'
  // Routing depends on the shard count (`(guild_id >> 22) % num_shards`): a session
  // identified for another count holds other guilds.
  if (savedCount !== shardCount) return `it was saved for ${String(savedCount)} shards, not ${shardCount}`
  return null
}
