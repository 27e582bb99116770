// The seeded Discord-shaped corpus: what the simulator's load generator sends and the benchmarks decode.
// The simulator's own index re-exports from here.

export { createRandom, discordEpoch, isoTimestamp, seedFromString, snowflakeTimestamp } from './random.js'
export type { Random } from './random.js'
export { createGuild, largeGuildOptions } from './corpus-guild.js'
export type { CorpusGuild, CreateGuildOptions } from './corpus-guild.js'
export { buildUser, buildMember } from './build-member.js'
export { buildMessage, buildMessageCreate } from './build-message.js'
export type { MessageCreateData } from './build-message.js'
export { buildActivities, buildPresence, buildPresenceUpdate } from './build-presence.js'
export type { PresenceUpdateData } from './build-presence.js'
export { buildDispatch, dispatchNames } from './build-dispatch.js'
export type {
  BuildDispatchOptions,
  CorpusDispatch,
  DispatchDataMap,
  DispatchName,
  GuildMemberUpdateData,
  MessageReactionAddData,
  TypingStartData,
} from './build-dispatch.js'
export { buildGuildCreate } from './build-guild-create.js'
export type { GuildCreateData, GuildCreateOptions } from './build-guild-create.js'
export { buildMixedStream, buildMixedStreamWithGuilds, defaultMix, toDispatchPayload } from './mixed-stream.js'
export type { MixedStream, MixedStreamOptions } from './mixed-stream.js'
export type {
  CorpusActivity,
  CorpusAttachment,
  CorpusChannel,
  CorpusClientStatus,
  CorpusEmbed,
  CorpusEmoji,
  CorpusGuildEmoji,
  CorpusMember,
  CorpusMessage,
  CorpusPresence,
  CorpusRole,
  CorpusUser,
} from './discord-shapes.js'
