import { buildUser } from './build-member.js'
import { randomSentence, randomSlug, randomWords } from './corpus-text.js'
import type { CorpusActivity, CorpusClientStatus, CorpusPresence } from './discord-shapes.js'
import type { Random } from './random.js'

/** The `d` of a PRESENCE_UPDATE dispatch. */
export interface PresenceUpdateData extends CorpusPresence {
  guild_id: string
}

const games = [
  ['League of Legends', '401518684763586560'], ['Minecraft', '356875570916753438'],
  ['Valorant', '700136079562375258'], ['Counter-Strike 2', '1158877933042143272'],
  ['Fortnite', '432980957394370572'], ['Genshin Impact', '762434991303950386'],
  ['Visual Studio Code', '383226320970055681'], ['Rocket League', '356877880938070016'],
] as const
const statusEmoji = ['🔥', '💤', '🎮', '☕', '🌙', '✨', '🍕', '🎧', '📚', '💜'] as const
const statuses = ['online', 'online', 'online', 'online', 'online', 'idle', 'idle', 'dnd', 'dnd', 'offline'] as const
const platforms = [['desktop'], ['desktop'], ['mobile'], ['desktop', 'mobile'], ['web']] as const
const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function customStatus(random: Random, now: number): CorpusActivity {
  const emoji = random.chance(0.8)
    ? { id: null, name: random.pick(statusEmoji) }
    : { id: random.snowflake(), name: randomWords(random, 1).replace(/\W/g, '') || 'pog', animated: random.chance(0.3) }
  const activity: CorpusActivity = { id: 'custom', name: 'Custom Status', type: 4, created_at: now }
  if (random.chance(0.85)) activity.state = randomSentence(random)
  activity.emoji = emoji
  return activity
}

function game(random: Random, now: number): CorpusActivity {
  const [name, applicationId] = random.pick(games)
  const activity: CorpusActivity = {
    id: random.hex(8),
    name,
    type: 0,
    created_at: now,
    application_id: applicationId,
    timestamps: { start: now - random.int(60_000, 4 * 3_600_000) },
  }
  if (random.chance(0.8)) {
    activity.details = randomWords(random, random.int(2, 5))
    activity.state = randomWords(random, random.int(1, 4))
    activity.assets = {
      // Rich presence images are often proxied external URLs, long ones.
      large_image: random.chance(0.5) ? random.snowflake() : `mp:external/${random.hex(21)}/https/images.example.com/${randomSlug(random)}/${random.hex(8)}.png`,
      large_text: randomWords(random, random.int(1, 3)),
      small_image: random.snowflake(),
      small_text: randomWords(random, 2),
    }
    activity.session_id = random.hex(16)
  }
  if (random.chance(0.3)) activity.party = { id: random.hex(12), size: [random.int(1, 4), 5] }
  if (random.chance(0.3)) {
    activity.buttons = ['Join Game', 'View Profile']
    activity.flags = 3
  }
  activity.platform = random.pick(['desktop', 'desktop', 'xbox', 'ps5'])
  return activity
}

function spotify(random: Random, userId: string, now: number): CorpusActivity {
  const start = now - random.int(0, 180_000)
  let syncId = ''
  for (let i = 0; i < 22; i++) syncId += base62[random.int(0, 61)]
  return {
    id: 'spotify:1',
    name: 'Spotify',
    type: 2,
    created_at: now,
    details: randomWords(random, random.int(1, 5)),
    state: randomWords(random, random.int(1, 3)),
    timestamps: { start, end: start + random.int(120_000, 300_000) },
    assets: { large_image: `spotify:ab67616d0000b273${random.hex(12)}`, large_text: randomWords(random, random.int(1, 4)) },
    party: { id: `spotify:${userId}` },
    sync_id: syncId,
    session_id: random.hex(16),
    flags: 48,
  }
}

/** What a user is doing: nothing, a custom status, a game, Spotify, or several at once. */
export function buildActivities(random: Random, userId: string, now: number): CorpusActivity[] {
  const activities: CorpusActivity[] = []
  if (random.chance(0.6)) activities.push(customStatus(random, now))
  if (random.chance(0.55)) activities.push(game(random, now))
  if (random.chance(0.25)) activities.push(spotify(random, userId, now))
  return activities
}

/** A presence as GUILD_CREATE lists it: offline users have no activities and no client status. */
export function buildPresence(random: Random, userId: string, now: number): CorpusPresence {
  const status = random.pick(statuses)
  if (status === 'offline') return { user: { id: userId }, status, activities: [], client_status: {} }
  const clientStatus: CorpusClientStatus = {}
  for (const platform of random.pick(platforms)) clientStatus[platform] = status
  return { user: { id: userId }, status, activities: buildActivities(random, userId, now), client_status: clientStatus }
}

/** The `d` of PRESENCE_UPDATE for a member of `guildId`; about a third carry the whole user (a profile change). */
export function buildPresenceUpdate(random: Random, guildId: string, userId: string, now: number): PresenceUpdateData {
  const presence = buildPresence(random, userId, now)
  if (random.chance(0.3)) presence.user = buildUser(userId)
  return { ...presence, guild_id: guildId }
}
