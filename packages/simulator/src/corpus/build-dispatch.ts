import { buildMember } from './build-member.js'
import { buildMessageCreate, type MessageCreateData } from './build-message.js'
import { buildPresenceUpdate, type PresenceUpdateData } from './build-presence.js'
import type { CorpusGuild } from './corpus-guild.js'
import type { CorpusEmoji, CorpusMember, CorpusUser } from './discord-shapes.js'
import type { Random } from './random.js'

/** The `d` of TYPING_START in a guild. `timestamp` is in Unix seconds. */
export interface TypingStartData {
  channel_id: string
  guild_id: string
  user_id: string
  timestamp: number
  member: CorpusMember
}

/** The `d` of GUILD_MEMBER_UPDATE: the whole member, with its user, plus `guild_id`. */
export interface GuildMemberUpdateData extends CorpusMember {
  guild_id: string
  user: CorpusUser
}

/** The `d` of MESSAGE_REACTION_ADD in a guild. */
export interface MessageReactionAddData {
  user_id: string
  type: number
  message_id: string
  message_author_id: string
  member: CorpusMember
  emoji: CorpusEmoji
  channel_id: string
  burst: boolean
  burst_colors: string[]
  guild_id: string
}

/** Each dispatch the corpus builds, with the shape of its `d`. */
export interface DispatchDataMap {
  MESSAGE_CREATE: MessageCreateData
  PRESENCE_UPDATE: PresenceUpdateData
  GUILD_MEMBER_UPDATE: GuildMemberUpdateData
  TYPING_START: TypingStartData
  MESSAGE_REACTION_ADD: MessageReactionAddData
}

/** The name (`t`) of a dispatch the corpus builds. */
export type DispatchName = keyof DispatchDataMap

/** One dispatch: its name and data, discriminated on `t`. */
export type CorpusDispatch = { [K in DispatchName]: { t: K; d: DispatchDataMap[K] } }[DispatchName]

/** Options of {@link buildDispatch}. */
export interface BuildDispatchOptions {
  /**
   * When the event happens, in Unix milliseconds: drives snowflakes and timestamps.
   * @defaultValue a time drawn from May 2025
   */
  timestampMs?: number
}

const reactionEmoji = ['👍', '😂', '❤️', '🔥', '👀', '💀', '🎉', '✅', '😭', '🙏'] as const

function buildTypingStart(random: Random, guild: CorpusGuild, now: number): TypingStartData {
  const userId = random.pick(guild.userIds)
  return {
    channel_id: random.pick(guild.channelIds),
    guild_id: guild.id,
    user_id: userId,
    timestamp: Math.floor(now / 1000),
    member: buildMember(random, guild, userId, true),
  }
}

function buildGuildMemberUpdate(random: Random, guild: CorpusGuild): GuildMemberUpdateData {
  const member = buildMember(random, guild, random.pick(guild.userIds), true)
  // A member update usually means a role change: toggle one role.
  const role = random.pick(guild.roleIds)
  const roles = member.roles.includes(role) ? member.roles.filter((r) => r !== role) : [...member.roles, role]
  return { ...member, user: member.user as CorpusUser, roles, guild_id: guild.id }
}

function buildReactionAdd(random: Random, guild: CorpusGuild, now: number): MessageReactionAddData {
  const userId = random.pick(guild.userIds)
  const emoji: CorpusEmoji = random.chance(0.75)
    ? { id: null, name: random.pick(reactionEmoji) }
    : { id: random.pick(guild.emojiIds), name: `emoji_${random.int(1, 99)}`, animated: random.chance(0.2) }
  return {
    user_id: userId,
    type: 0,
    // The reacted message is a little older than the reaction.
    message_id: random.snowflake(now - random.int(1_000, 600_000)),
    message_author_id: random.pick(guild.userIds),
    member: buildMember(random, guild, userId, true),
    emoji,
    channel_id: random.pick(guild.channelIds),
    burst: false,
    burst_colors: [],
    guild_id: guild.id,
  }
}

type Builder<K extends DispatchName> = (random: Random, guild: CorpusGuild, now: number) => DispatchDataMap[K]

const builders = {
  MESSAGE_CREATE: buildMessageCreate,
  PRESENCE_UPDATE: (random, guild, now) => buildPresenceUpdate(random, guild.id, random.pick(guild.userIds), now),
  GUILD_MEMBER_UPDATE: buildGuildMemberUpdate,
  TYPING_START: buildTypingStart,
  MESSAGE_REACTION_ADD: buildReactionAdd,
} as const satisfies { [K in DispatchName]: Builder<K> }

/** Every {@link DispatchName}, in a stable order. */
export const dispatchNames = Object.keys(builders) as readonly DispatchName[]

const mayFrom = Date.UTC(2025, 4, 1)
const mayTo = Date.UTC(2025, 5, 1)

/** Builds one dispatch of the given kind in `guild`, referencing its channels, members and roles. */
export function buildDispatch<K extends DispatchName>(
  random: Random,
  name: K,
  guild: CorpusGuild,
  options: BuildDispatchOptions = {},
): { t: K; d: DispatchDataMap[K] } {
  const now = options.timestampMs ?? random.int(mayFrom, mayTo)
  const build = builders[name] as Builder<K>
  return { t: name, d: build(random, guild, now) }
}
