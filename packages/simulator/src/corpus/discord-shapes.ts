// Plain interfaces for the Discord API v10 objects the corpus builds. They follow the field
// names and nullability of discord-api-types, trimmed to what the gateway really sends here.

/** A user object (`APIUser`). Snowflakes are strings; absent hashes are `null`. */
export interface CorpusUser {
  id: string
  username: string
  global_name: string | null
  avatar: string | null
  /** Always `'0'` since the username migration, except for bots. */
  discriminator: string
  public_flags: number
  flags: number
  bot?: true
  banner: string | null
  accent_color: number | null
  avatar_decoration_data: { asset: string; sku_id: string; expires_at: number | null } | null
  banner_color: string | null
  /** The tag of the user's primary guild; `clan` is its deprecated twin, sent alongside. */
  primary_guild: CorpusGuildTag | null
  clan: CorpusGuildTag | null
  collectibles: { nameplate: { asset: string; sku_id: string; label: string; palette: string; expires_at: number | null } } | null
  display_name_styles: { font_id: number; effect_id: number; colors: number[] } | null
}

/** A user's displayed guild tag. */
export interface CorpusGuildTag {
  identity_guild_id: string
  identity_enabled: boolean
  tag: string
  badge: string
}

/** A guild member (`APIGuildMember`); `user` is left out where the event carries it elsewhere. */
export interface CorpusMember {
  user?: CorpusUser
  nick: string | null
  avatar: string | null
  banner: string | null
  roles: string[]
  joined_at: string
  premium_since: string | null
  deaf: boolean
  mute: boolean
  flags: number
  pending: boolean
  communication_disabled_until: string | null
  unusual_dm_activity_until: string | null
  avatar_decoration_data: CorpusUser['avatar_decoration_data']
  collectibles: CorpusUser['collectibles']
  display_name_styles: CorpusUser['display_name_styles']
}

/** An emoji as used in reactions and custom statuses: `id` is null for Unicode emoji. */
export interface CorpusEmoji {
  id: string | null
  name: string
  animated?: boolean
}

/** A guild's custom emoji, as listed in GUILD_CREATE. */
export interface CorpusGuildEmoji {
  id: string
  name: string
  roles: string[]
  require_colons: boolean
  managed: boolean
  animated: boolean
  available: boolean
}

/** A presence activity: a game, listening, or a custom status (type 4). */
export interface CorpusActivity {
  id: string
  name: string
  type: number
  created_at: number
  state?: string
  details?: string
  emoji?: CorpusEmoji
  application_id?: string
  timestamps?: { start?: number; end?: number }
  assets?: { large_image?: string; large_text?: string; small_image?: string; small_text?: string }
  party?: { id: string; size?: [number, number] }
  sync_id?: string
  session_id?: string
  flags?: number
  buttons?: string[]
  platform?: string
}

/** Where a user is online: each present key is a platform. */
export interface CorpusClientStatus {
  desktop?: string
  mobile?: string
  web?: string
}

/** A presence as GUILD_CREATE lists it (PRESENCE_UPDATE adds `guild_id`). */
export interface CorpusPresence {
  /** Usually just the id; the whole user when the profile changed. */
  user: { id: string } | CorpusUser
  status: 'online' | 'idle' | 'dnd' | 'offline'
  activities: CorpusActivity[]
  client_status: CorpusClientStatus
}

/** A role (`APIRole`). */
export interface CorpusRole {
  id: string
  name: string
  color: number
  colors: { primary_color: number; secondary_color: number | null; tertiary_color: number | null }
  hoist: boolean
  icon: string | null
  unicode_emoji: string | null
  position: number
  permissions: string
  managed: boolean
  mentionable: boolean
  flags: number
  tags?: { bot_id?: string; premium_subscriber?: null }
}

/** A guild channel (text, voice or category), with the fields GUILD_CREATE sends. */
export interface CorpusChannel {
  id: string
  type: number
  name: string
  position: number
  parent_id: string | null
  flags: number
  permission_overwrites: Array<{ id: string; type: number; allow: string; deny: string }>
  topic?: string | null
  nsfw?: boolean
  last_message_id?: string | null
  rate_limit_per_user?: number
  bitrate?: number
  user_limit?: number
  rtc_region?: string | null
}

/** A message attachment. */
export interface CorpusAttachment {
  id: string
  filename: string
  size: number
  url: string
  proxy_url: string
  content_type: string
  width?: number
  height?: number
  placeholder?: string
  placeholder_version?: number
}

/** A message embed: rich (bot-made) or a link preview. */
export interface CorpusEmbed {
  type: 'rich' | 'link' | 'article' | 'image'
  url?: string
  title?: string
  description?: string
  color?: number
  timestamp?: string
  fields?: Array<{ name: string; value: string; inline: boolean }>
  footer?: { text: string; icon_url?: string; proxy_icon_url?: string }
  author?: { name: string; url?: string; icon_url?: string; proxy_icon_url?: string }
  thumbnail?: { url: string; proxy_url: string; width: number; height: number }
  provider?: { name: string; url?: string }
}

/** A message (`APIMessage`) as MESSAGE_CREATE sends it. */
export interface CorpusMessage {
  id: string
  channel_id: string
  author: CorpusUser
  content: string
  timestamp: string
  edited_timestamp: string | null
  tts: boolean
  mention_everyone: boolean
  /** Mentioned users; in guilds each carries a partial `member`. */
  mentions: Array<CorpusUser & { member?: CorpusMember }>
  mention_roles: string[]
  attachments: CorpusAttachment[]
  embeds: CorpusEmbed[]
  components: unknown[]
  pinned: boolean
  type: number
  flags: number
  channel_type?: number
  nonce?: string
  message_reference?: { type: number; channel_id: string; message_id: string; guild_id: string }
  referenced_message?: CorpusMessage | null
}
