import { assertCount } from './assert-count.js'
import type { Random } from './random.js'

/**
 * The stable ids of one synthetic guild, so that events reference real members, channels,
 * roles and emoji of that guild. Details (names, join dates) are derived from each id, so
 * they stay the same in every event.
 */
export interface CorpusGuild {
  /** The guild's snowflake; also the id of its `@everyone` role. */
  id: string
  /** Creation time of the guild, in Unix milliseconds. */
  createdAt: number
  /** Text channels that carry messages and typing. */
  channelIds: string[]
  /** Members of the guild. */
  userIds: string[]
  /** Assignable roles, `@everyone` excluded. */
  roleIds: string[]
  /** The guild's custom emoji. */
  emojiIds: string[]
}

/** Sizes of a {@link CorpusGuild}. */
export interface CreateGuildOptions {
  /**
   * Members.
   * @defaultValue 1000
   */
  users?: number
  /**
   * Text channels.
   * @defaultValue 30
   */
  channels?: number
  /**
   * Roles besides `@everyone`.
   * @defaultValue 25
   */
  roles?: number
  /**
   * Custom emoji.
   * @defaultValue 20
   */
  emojis?: number
}

/**
 * Sizes of a large guild whose GUILD_CREATE (with the defaults of `buildGuildCreate`) is about
 * 2 MB of JSON: 2,100 members, 700 presences, 60 text channels.
 */
export const largeGuildOptions = { users: 2100, channels: 60, roles: 50, emojis: 50 } as const satisfies CreateGuildOptions

const guildsFrom = Date.UTC(2016, 0, 1)
const guildsTo = Date.UTC(2023, 0, 1)
const corpusNow = Date.UTC(2025, 5, 1)

/**
 * Draws a guild's ids. Users' accounts may predate the guild; everything else is created after it.
 * @throws InvalidOptionError when a size is not a positive integer
 */
export function createGuild(random: Random, options: CreateGuildOptions = {}): CorpusGuild {
  const { users = 1000, channels = 30, roles = 25, emojis = 20 } = options
  assertCount('users', users, 1)
  assertCount('channels', channels, 1)
  assertCount('roles', roles, 1)
  assertCount('emojis', emojis, 1)
  const createdAt = random.int(guildsFrom, guildsTo)
  const after = (): string => random.snowflake(random.int(createdAt, corpusNow))
  const many = (count: number, make: () => string): string[] => Array.from({ length: count }, make)
  return {
    id: random.snowflake(createdAt),
    createdAt,
    channelIds: many(channels, after),
    userIds: many(users, () => random.snowflake(random.int(Date.UTC(2015, 4, 13), corpusNow))),
    roleIds: many(roles, after),
    emojiIds: many(emojis, after),
  }
}
