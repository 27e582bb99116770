import { assertCount } from './assert-count.js'
import { buildMember } from './build-member.js'
import { buildPresence } from './build-presence.js'
import type { CorpusGuild } from './corpus-guild.js'
import { randomSentence, randomSlug, randomWords } from './corpus-text.js'
import type { CorpusChannel, CorpusGuildEmoji, CorpusMember, CorpusPresence, CorpusRole } from './discord-shapes.js'
import { isoTimestamp, type Random } from './random.js'

/** The `d` of GUILD_CREATE: the guild, plus the member, channel and presence lists of a large guild. */
export interface GuildCreateData {
  id: string
  name: string
  icon: string | null
  description: string | null
  banner: string | null
  splash: string | null
  features: string[]
  owner_id: string
  afk_channel_id: string | null
  afk_timeout: number
  system_channel_id: string | null
  verification_level: number
  default_message_notifications: number
  explicit_content_filter: number
  mfa_level: number
  nsfw_level: number
  premium_tier: number
  premium_subscription_count: number
  preferred_locale: string
  max_members: number
  max_video_channel_users: number
  vanity_url_code: string | null
  joined_at: string
  large: boolean
  unavailable: boolean
  lazy: boolean
  member_count: number
  roles: CorpusRole[]
  emojis: CorpusGuildEmoji[]
  stickers: unknown[]
  channels: CorpusChannel[]
  threads: unknown[]
  members: CorpusMember[]
  presences: CorpusPresence[]
  voice_states: unknown[]
  stage_instances: unknown[]
  guild_scheduled_events: unknown[]
  soundboard_sounds: unknown[]
}

/** How much of the guild a GUILD_CREATE lists. Each count is capped by the guild's own ids. */
export interface GuildCreateOptions {
  /**
   * Members listed, each with its user.
   * @defaultValue every member of the guild
   */
  members?: number
  /**
   * Text channels listed (categories and voice channels are added around them).
   * @defaultValue every text channel of the guild
   */
  channels?: number
  /**
   * Roles listed besides `@everyone`.
   * @defaultValue every role of the guild
   */
  roles?: number
  /**
   * Presences listed, for the first members.
   * @defaultValue a third of `members`
   */
  presences?: number
}

const features = ['COMMUNITY', 'NEWS', 'ANIMATED_ICON', 'BANNER', 'INVITE_SPLASH', 'ROLE_ICONS', 'VANITY_URL', 'DISCOVERABLE', 'MEMBER_VERIFICATION_GATE_ENABLED', 'PREVIEW_ENABLED', 'WELCOME_SCREEN_ENABLED', 'AUTO_MODERATION'] as const
const permissions = ['0', '1071698660929', '2248473465835073', '104324673', '1099511627775', '8'] as const

function buildRole(random: Random, id: string, position: number): CorpusRole {
  const color = random.chance(0.7) ? random.int(0, 0xffffff) : 0
  const role: CorpusRole = {
    id,
    name: position === 0 ? '@everyone' : randomSlug(random),
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: random.chance(0.3),
    icon: random.chance(0.05) ? random.hex(16) : null,
    unicode_emoji: null,
    position,
    permissions: position === 0 ? '2222085186637376' : random.pick(permissions),
    managed: false,
    mentionable: random.chance(0.2),
    flags: 0,
  }
  if (position > 0 && random.chance(0.1)) {
    role.managed = true
    role.tags = { bot_id: random.snowflake() }
  }
  return role
}

function buildChannels(random: Random, guild: CorpusGuild, textCount: number): CorpusChannel[] {
  const channels: CorpusChannel[] = []
  const everyoneDeny = { id: guild.id, type: 0, allow: '0', deny: '2048' }
  let parentId: string | null = null
  for (let i = 0; i < textCount; i++) {
    // A category every six channels, and a voice channel now and then, as real servers are laid out.
    if (i % 6 === 0) {
      parentId = random.snowflake(guild.createdAt)
      channels.push({ id: parentId, type: 4, name: randomWords(random, random.int(1, 2)).toUpperCase(), position: i / 6, parent_id: null, flags: 0, permission_overwrites: [] })
    }
    channels.push({
      id: guild.channelIds[i] as string,
      type: 0,
      name: randomSlug(random),
      position: i,
      parent_id: parentId,
      flags: 0,
      permission_overwrites: random.chance(0.3) ? [everyoneDeny, { id: random.pick(guild.roleIds), type: 0, allow: '3072', deny: '0' }] : [],
      topic: random.chance(0.5) ? randomSentence(random) : null,
      nsfw: false,
      last_message_id: random.snowflake(),
      rate_limit_per_user: random.chance(0.2) ? random.pick([5, 10, 30]) : 0,
    })
    if (random.chance(0.25)) {
      channels.push({ id: random.snowflake(guild.createdAt), type: 2, name: `Voice ${i}`, position: i, parent_id: parentId, flags: 0, permission_overwrites: [], bitrate: 64000, user_limit: random.pick([0, 5, 10]), rtc_region: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null })
    }
  }
  return channels
}

/**
 * Builds the GUILD_CREATE of a large guild (`large: true`). For a guild made with
 * `largeGuildOptions` (2,100 members) it is about 2 MB of JSON: the kind of payload that
 * dominates a shard's startup.
 * @throws InvalidOptionError when a count is negative or beyond the guild's ids
 */
export function buildGuildCreate(random: Random, guild: CorpusGuild, options: GuildCreateOptions = {}): GuildCreateData {
  const { members = guild.userIds.length, channels = guild.channelIds.length, roles = guild.roleIds.length } = options
  assertCount('members', members, 0, guild.userIds.length)
  assertCount('channels', channels, 0, guild.channelIds.length)
  assertCount('roles', roles, 0, guild.roleIds.length)
  const { presences = Math.floor(members / 3) } = options
  assertCount('presences', presences, 0, members)

  const now = Date.UTC(2025, 4, 1) + random.int(0, 86_400_000)
  const memberIds = guild.userIds.slice(0, members)
  const presenceList: CorpusPresence[] = []
  for (const userId of memberIds.slice(0, presences)) {
    // GUILD_CREATE lists online members only.
    let presence = buildPresence(random, userId, now)
    while (presence.status === 'offline') presence = buildPresence(random, userId, now)
    presenceList.push(presence)
  }
  const channelList = buildChannels(random, guild, channels)
  const voiceIds = channelList.filter((c) => c.type === 2).map((c) => c.id)
  return {
    id: guild.id,
    name: `${randomWords(random, random.int(1, 3))} ${random.pick(['Community', 'Hub', 'Server', 'Lounge', 'Official'])}`,
    icon: random.hex(16),
    description: randomSentence(random),
    banner: random.chance(0.5) ? random.hex(16) : null,
    splash: null,
    features: features.filter(() => random.chance(0.6)),
    owner_id: random.pick(guild.userIds),
    afk_channel_id: voiceIds[0] ?? null,
    afk_timeout: 300,
    system_channel_id: guild.channelIds[0] ?? null,
    verification_level: 2,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    mfa_level: 1,
    nsfw_level: 0,
    premium_tier: random.int(0, 3),
    premium_subscription_count: random.int(0, 40),
    preferred_locale: 'en-US',
    max_members: 500000,
    max_video_channel_users: 25,
    vanity_url_code: null,
    joined_at: isoTimestamp(random.int(guild.createdAt, now)),
    large: true,
    unavailable: false,
    lazy: true,
    member_count: guild.userIds.length + random.int(0, 50_000),
    roles: [guild.id, ...guild.roleIds.slice(0, roles)].map((id, position) => buildRole(random, id, position)),
    emojis: guild.emojiIds.map((id) => ({ id, name: randomSlug(random).replace(/-/g, '_'), roles: [], require_colons: true, managed: false, animated: random.chance(0.2), available: true })),
    stickers: [],
    channels: channelList,
    threads: [],
    members: memberIds.map((userId) => buildMember(random, guild, userId, true)),
    presences: presenceList,
    voice_states: voiceIds.slice(0, 3).map((channelId) => ({ user_id: random.pick(memberIds.length > 0 ? memberIds : guild.userIds), channel_id: channelId, session_id: random.hex(16), deaf: false, mute: false, self_deaf: false, self_mute: random.chance(0.5), self_video: false, suppress: false, request_to_speak_timestamp: null })),
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  }
}
