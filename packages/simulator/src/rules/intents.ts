/** Gateway intents (Discord's "Gateway Intents" list): one bit each. */
export const intents = {
  GUILDS: 1 << 0,
  GUILD_MEMBERS: 1 << 1,
  GUILD_MODERATION: 1 << 2,
  GUILD_EXPRESSIONS: 1 << 3,
  GUILD_INTEGRATIONS: 1 << 4,
  GUILD_WEBHOOKS: 1 << 5,
  GUILD_INVITES: 1 << 6,
  GUILD_VOICE_STATES: 1 << 7,
  GUILD_PRESENCES: 1 << 8,
  GUILD_MESSAGES: 1 << 9,
  GUILD_MESSAGE_REACTIONS: 1 << 10,
  GUILD_MESSAGE_TYPING: 1 << 11,
  DIRECT_MESSAGES: 1 << 12,
  DIRECT_MESSAGE_REACTIONS: 1 << 13,
  DIRECT_MESSAGE_TYPING: 1 << 14,
  MESSAGE_CONTENT: 1 << 15,
  GUILD_SCHEDULED_EVENTS: 1 << 16,
  AUTO_MODERATION_CONFIGURATION: 1 << 20,
  AUTO_MODERATION_EXECUTION: 1 << 21,
  GUILD_MESSAGE_POLLS: 1 << 24,
  DIRECT_MESSAGE_POLLS: 1 << 25,
} as const satisfies Record<string, number>

/** Every defined intent bit: an identify with any other bit set gets 4013. */
export const knownIntentsMask: number = Object.values(intents).reduce((mask, bit) => mask | bit, 0)

/** The privileged intents, which an application must have enabled (else 4014). */
export const privilegedIntentsMask: number = intents.GUILD_MEMBERS | intents.GUILD_PRESENCES | intents.MESSAGE_CONTENT

/**
 * The intent a guild dispatch needs to be delivered. Events not listed here are always
 * delivered (READY, RESUMED, GUILD_MEMBERS_CHUNK answer a request, and so on).
 */
export const dispatchIntents = {
  GUILD_CREATE: intents.GUILDS,
  MESSAGE_CREATE: intents.GUILD_MESSAGES,
  PRESENCE_UPDATE: intents.GUILD_PRESENCES,
  GUILD_MEMBER_UPDATE: intents.GUILD_MEMBERS,
  TYPING_START: intents.GUILD_MESSAGE_TYPING,
  MESSAGE_REACTION_ADD: intents.GUILD_MESSAGE_REACTIONS,
} as const satisfies Record<string, number>

/** Whether a session identified with `sessionIntents` receives the dispatch `t`. */
export function intentsAllow(sessionIntents: number, t: string): boolean {
  if (!Object.hasOwn(dispatchIntents, t)) return true
  return (sessionIntents & dispatchIntents[t as keyof typeof dispatchIntents]) !== 0
}
