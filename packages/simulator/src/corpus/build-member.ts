import type { CorpusGuild } from './corpus-guild.js'
import { randomDisplayName, randomUsername } from './corpus-text.js'
import type { CorpusMember, CorpusUser } from './discord-shapes.js'
import { createRandom, isoTimestamp, seedFromString, snowflakeTimestamp, type Random } from './random.js'

const corpusNow = Date.UTC(2025, 5, 1)
const badgeFlags = [0, 0, 0, 0, 0, 64, 128, 256, 64, 4194304, 576, 131072] as const

/**
 * The user behind an id. Every field is derived from the id alone, so the same user looks the
 * same in every event (a different seed for the stream does not rename people).
 */
export function buildUser(userId: string): CorpusUser {
  const random = createRandom(seedFromString(userId))
  const bot = random.chance(0.05)
  const flags = random.pick(badgeFlags)
  const guildTag = random.chance(0.12)
    ? { identity_guild_id: random.snowflake(), identity_enabled: true, tag: randomUsername(random).slice(0, 4).toUpperCase(), badge: random.hex(16) }
    : null
  const user: CorpusUser = {
    id: userId,
    username: randomUsername(random),
    global_name: bot ? null : randomDisplayName(random),
    avatar: random.chance(0.85) ? (random.chance(0.06) ? 'a_' : '') + random.hex(16) : null,
    discriminator: bot ? String(random.int(1000, 9999)) : '0',
    public_flags: flags,
    flags,
    banner: random.chance(0.08) ? random.hex(16) : null,
    accent_color: random.chance(0.2) ? random.int(0, 0xffffff) : null,
    avatar_decoration_data: random.chance(0.1)
      ? { asset: `a_${random.hex(16)}`, sku_id: random.snowflake(), expires_at: null }
      : null,
    banner_color: null,
    primary_guild: guildTag,
    clan: guildTag,
    collectibles: random.chance(0.05)
      ? { nameplate: { asset: `nameplates/${randomUsername(random)}/`, sku_id: random.snowflake(), label: '', palette: 'crimson', expires_at: null } }
      : null,
    display_name_styles: random.chance(0.05) ? { font_id: random.int(1, 12), effect_id: random.int(1, 5), colors: [random.int(0, 0xffffff)] } : null,
  }
  if (bot) user.bot = true
  return user
}

/**
 * A guild member. The stable part (join date, nickname, roles) is derived from guild and user
 * ids; `random` adds what changes between events (a new role now and then).
 * @param withUser - embed the user object (MESSAGE_CREATE leaves it out: `author` carries it)
 */
export function buildMember(random: Random, guild: CorpusGuild, userId: string, withUser: boolean): CorpusMember {
  const stable = createRandom(seedFromString(guild.id + userId))
  const joinedFrom = Math.max(guild.createdAt, snowflakeTimestamp(userId))
  const joinedAt = stable.int(joinedFrom, Math.max(joinedFrom, corpusNow))
  const roles: string[] = []
  for (let i = stable.int(0, 5); i > 0; i--) {
    const role = stable.pick(guild.roleIds)
    if (!roles.includes(role)) roles.push(role)
  }
  if (random.chance(0.05)) {
    const role = random.pick(guild.roleIds)
    if (!roles.includes(role)) roles.push(role)
  }
  const member: CorpusMember = {
    nick: stable.chance(0.25) ? randomDisplayName(stable) : null,
    avatar: stable.chance(0.04) ? stable.hex(16) : null,
    banner: null,
    roles,
    joined_at: isoTimestamp(joinedAt),
    premium_since: stable.chance(0.05) ? isoTimestamp(stable.int(joinedAt, Math.max(joinedAt, corpusNow))) : null,
    deaf: false,
    mute: false,
    flags: stable.chance(0.1) ? 2 : 0,
    pending: false,
    communication_disabled_until: random.chance(0.005) ? isoTimestamp(corpusNow + random.int(60_000, 86_400_000)) : null,
    unusual_dm_activity_until: null,
    avatar_decoration_data: null,
    collectibles: null,
    display_name_styles: null,
  }
  return withUser ? { user: buildUser(userId), ...member } : member
}
