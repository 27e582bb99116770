import { buildMember, buildUser } from './build-member.js'
import type { CorpusGuild } from './corpus-guild.js'
import { randomContent, randomSentence, randomSlug, randomWords } from './corpus-text.js'
import type { CorpusAttachment, CorpusEmbed, CorpusMember, CorpusMessage } from './discord-shapes.js'
import { isoTimestamp, type Random } from './random.js'

/** The `d` of a MESSAGE_CREATE dispatch in a guild. */
export interface MessageCreateData extends CorpusMessage {
  guild_id: string
  /** The author's member, without `user` (`author` carries it). */
  member: CorpusMember
}

const cdn = 'https://cdn.discordapp.com'
const media = 'https://media.discordapp.net'
const embedColors = [0x5865f2, 0x57f287, 0xfee75c, 0xeb459e, 0xed4245, 0x2b2d31] as const
const files = [
  ['image.png', 'image/png'], ['screenshot.jpg', 'image/jpeg'], ['clip.mp4', 'video/mp4'],
  ['log.txt', 'text/plain; charset=utf-8'], ['meme.gif', 'image/gif'],
] as const

/** A signed CDN query string, as Discord appends to attachment URLs. */
function signature(random: Random, timestampMs: number): string {
  const expires = Math.floor(timestampMs / 1000) + 86_400
  return `?ex=${expires.toString(16)}&is=${Math.floor(timestampMs / 1000).toString(16)}&hm=${random.hex(32)}&`
}

function buildAttachment(random: Random, channelId: string, timestampMs: number): CorpusAttachment {
  const id = random.snowflake(timestampMs)
  const [filename, contentType] = random.pick(files)
  const path = `/attachments/${channelId}/${id}/${filename}`
  const query = signature(random, timestampMs)
  const attachment: CorpusAttachment = {
    id,
    filename,
    size: random.int(2_000, 8_000_000),
    url: cdn + path + query,
    proxy_url: media + path + query,
    content_type: contentType,
  }
  if (contentType.startsWith('image/') || contentType.startsWith('video/')) {
    attachment.width = random.int(200, 1920)
    attachment.height = random.int(200, 1080)
    attachment.placeholder = Buffer.from(random.hex(18), 'hex').toString('base64')
    attachment.placeholder_version = 1
  }
  return attachment
}

function buildEmbed(random: Random, timestampMs: number): CorpusEmbed {
  if (random.chance(0.4)) {
    const site = randomSlug(random)
    return {
      type: 'article',
      url: `https://${site}.example.com/${random.int(1, 99999)}`,
      title: randomWords(random, random.int(3, 10)),
      description: randomSentence(random) + ' ' + randomSentence(random),
      provider: { name: site },
      thumbnail: { url: `https://${site}.example.com/og.png`, proxy_url: `${media}/external/${random.hex(20)}/og.png`, width: 1200, height: 630 },
    }
  }
  const fields = Array.from({ length: random.int(0, 4) }, () => ({
    name: randomWords(random, random.int(1, 3)),
    value: randomSentence(random),
    inline: random.chance(0.6),
  }))
  const embed: CorpusEmbed = {
    type: 'rich',
    title: randomWords(random, random.int(2, 6)),
    description: Array.from({ length: random.int(1, 3) }, () => randomSentence(random)).join('\n'),
    color: random.pick(embedColors),
    fields,
    footer: { text: randomWords(random, random.int(2, 5)) },
  }
  if (random.chance(0.5)) embed.timestamp = isoTimestamp(timestampMs)
  return embed
}

/**
 * A guild message. Replies (type 19) carry the message they answer in `referenced_message`;
 * bots send embeds more often and never a `nonce`.
 * @param nested - true while building a `referenced_message`, which has no reply of its own
 */
export function buildMessage(random: Random, guild: CorpusGuild, timestampMs: number, nested = false): CorpusMessage {
  const channelId = random.pick(guild.channelIds)
  const author = buildUser(random.pick(guild.userIds))
  const mentions: CorpusMessage['mentions'] = []
  let content = randomContent(random, guild.emojiIds)
  if (random.chance(0.12)) {
    const mentioned = random.pick(guild.userIds)
    content = `<@${mentioned}> ${content}`
    mentions.push({ ...buildUser(mentioned), member: buildMember(random, guild, mentioned, false) })
  }
  const mentionRoles: string[] = random.chance(0.02) ? [random.pick(guild.roleIds)] : []
  const isReply = !nested && random.chance(0.12)
  const message: CorpusMessage = {
    id: random.snowflake(timestampMs),
    channel_id: channelId,
    author,
    content,
    timestamp: isoTimestamp(timestampMs),
    edited_timestamp: null,
    tts: false,
    mention_everyone: random.chance(0.003),
    mentions,
    mention_roles: mentionRoles,
    attachments: random.chance(0.12) ? Array.from({ length: random.int(1, 2) }, () => buildAttachment(random, channelId, timestampMs)) : [],
    embeds: random.chance(author.bot === true ? 0.6 : 0.12) ? [buildEmbed(random, timestampMs)] : [],
    components: [],
    pinned: false,
    type: isReply ? 19 : 0,
    flags: 0,
    channel_type: 0,
  }
  if (author.bot !== true && !nested) message.nonce = random.snowflake(timestampMs)
  if (isReply) {
    const earlier = timestampMs - random.int(1_000, 3_600_000)
    const referenced = buildMessage(random, guild, earlier, true)
    referenced.channel_id = channelId
    message.message_reference = { type: 0, channel_id: channelId, message_id: referenced.id, guild_id: guild.id }
    message.referenced_message = referenced
  }
  return message
}

/** The `d` of MESSAGE_CREATE: a {@link buildMessage} plus `guild_id` and the author's `member`. */
export function buildMessageCreate(random: Random, guild: CorpusGuild, timestampMs: number): MessageCreateData {
  const message = buildMessage(random, guild, timestampMs)
  return { ...message, guild_id: guild.id, member: buildMember(random, guild, message.author.id, false) }
}
