import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  buildDispatch,
  buildGuildCreate,
  buildMixedStream,
  buildMixedStreamWithGuilds,
  buildUser,
  createGuild,
  createRandom,
  defaultMix,
  dispatchNames,
  largeGuildOptions,
  snowflakeTimestamp,
  toDispatchPayload,
  type CorpusDispatch,
  type CorpusGuild,
} from '../src/corpus/index.js'

const twoPow53 = 2n ** 53n
// Fields that hold snowflakes wherever they appear, plus arrays of role ids.
const snowflakeKeys = new Set([
  'id', 'channel_id', 'guild_id', 'user_id', 'message_id', 'message_author_id', 'application_id', 'owner_id',
  'parent_id', 'last_message_id', 'afk_channel_id', 'system_channel_id', 'identity_guild_id', 'sku_id', 'bot_id',
])
const snowflakeListKeys = new Set(['roles', 'mention_roles'])

/** Calls `check` on every snowflake-valued field under `value`, and returns how many it saw. */
function forEachSnowflake(value: unknown, check: (value: unknown, path: string) => void, path: string[] = []): number {
  if (value === null || typeof value !== 'object') return 0
  let seen = 0
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key]
    // Activity and party ids are not snowflakes ('custom', 'spotify:1', hex); emoji ids inside them are.
    const notSnowflake = key === 'id' && (path.at(-2) === 'activities' || path.at(-1) === 'party')
    if (snowflakeKeys.has(key) && child !== null && !notSnowflake && !Array.isArray(value)) {
      check(child, childPath.join('.'))
      seen++
    } else if (snowflakeListKeys.has(key) && Array.isArray(child) && child.every((item) => typeof item !== 'object')) {
      // A member's role ids (GUILD_CREATE's `roles` holds role objects, walked below).
      for (const item of child) check(item, childPath.join('.'))
      seen += child.length
    } else {
      seen += forEachSnowflake(child, check, childPath)
    }
  }
  return seen
}

function assertSnowflake(value: unknown, path: string): void {
  assert.equal(typeof value, 'string', `${path} must be a string`)
  assert.match(value as string, /^\d{17,20}$/, `${path} is not a decimal snowflake`)
  assert.ok(BigInt(value as string) > twoPow53, `${path} = ${String(value)} must exceed 2^53`)
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value))
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('createRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = createRandom(42)
    const b = createRandom(42)
    const c = createRandom(43)
    const seqA = Array.from({ length: 50 }, () => a.next())
    assert.deepEqual(seqA, Array.from({ length: 50 }, () => b.next()))
    assert.notDeepEqual(seqA, Array.from({ length: 50 }, () => c.next()))
    for (const x of seqA) assert.ok(x >= 0 && x < 1)
    const counts = [0, 0, 0]
    for (let i = 0; i < 3000; i++) counts[a.int(0, 2)]!++
    for (const n of counts) assert.ok(n > 800 && n < 1200, `int() is uneven: ${counts.join(',')}`)
    assert.match(a.hex(16), /^[0-9a-f]{32}$/)
  })

  it('builds snowflakes whose timestamp part round-trips', () => {
    const random = createRandom(7)
    const at = Date.UTC(2024, 2, 3, 4, 5, 6, 789)
    const id = random.snowflake(at)
    assertSnowflake(id, 'snowflake')
    assert.equal(snowflakeTimestamp(id), at)
    assertSnowflake(random.snowflake(), 'default snowflake')
  })
})

describe('buildMixedStream', () => {
  it('gives the same stream for the same seed', () => {
    const a = buildMixedStream({ seed: 1234, count: 400 })
    const b = buildMixedStream({ seed: 1234, count: 400 })
    assert.equal(JSON.stringify(a), JSON.stringify(b))
  })

  it('gives different streams for different seeds', () => {
    const a = buildMixedStream({ seed: 1, count: 50 })
    const b = buildMixedStream({ seed: 2, count: 50 })
    assert.notEqual(JSON.stringify(a), JSON.stringify(b))
  })

  it('averages about 1.1 KB of JSON per dispatch, in the default mix', () => {
    const events = buildMixedStream({ seed: 5, count: 10_000 })
    let total = 0
    const counts = new Map<string, number>()
    events.forEach((event, i) => {
      total += jsonBytes(toDispatchPayload(event, i + 1))
      counts.set(event.t, (counts.get(event.t) ?? 0) + 1)
    })
    const average = total / events.length
    assert.ok(average > 950 && average < 1250, `average event is ${average.toFixed(0)} bytes`)
    const weightSum = Object.values(defaultMix).reduce((a, b) => a + b, 0)
    for (const name of dispatchNames) {
      const share = (counts.get(name) ?? 0) / events.length
      const expected = defaultMix[name] / weightSum
      assert.ok(Math.abs(share - expected) < 0.02, `${name} is ${share.toFixed(3)} of the stream, expected ${expected}`)
    }
  })

  it('honours a custom mix and the sequence in dispatch payloads', () => {
    const events = buildMixedStream({ seed: 3, count: 100, mix: { TYPING_START: 1 } })
    assert.ok(events.every((event) => event.t === 'TYPING_START'))
    assert.deepEqual(Object.keys(toDispatchPayload(events[0]!, 9)).sort(), ['d', 'op', 's', 't'])
    assert.equal(toDispatchPayload(events[0]!, 9).s, 9)
  })

  it('writes every snowflake as a decimal string above 2^53', () => {
    const { events } = buildMixedStreamWithGuilds({ seed: 9, count: 2000 })
    const seen = forEachSnowflake(events, assertSnowflake)
    assert.ok(seen > 8_000, `only ${seen} snowflakes checked`)
  })

  it('references the channels, members, roles and emoji of its guilds', () => {
    const { events, guilds } = buildMixedStreamWithGuilds({ seed: 11, count: 3000, guilds: 3 })
    const byId = new Map(guilds.map((guild) => [guild.id, guild]))
    const userIdsOf = (event: CorpusDispatch): string[] => {
      switch (event.t) {
        case 'MESSAGE_CREATE': return [event.d.author.id, ...event.d.mentions.map((user) => user.id)]
        case 'PRESENCE_UPDATE': return [event.d.user.id]
        case 'GUILD_MEMBER_UPDATE': return [event.d.user.id]
        case 'TYPING_START': return [event.d.user_id, event.d.member.user!.id]
        case 'MESSAGE_REACTION_ADD': return [event.d.user_id, event.d.message_author_id, event.d.member.user!.id]
      }
    }
    for (const event of events) {
      const guild = byId.get(event.d.guild_id) as CorpusGuild
      assert.ok(guild, `${event.t} names an unknown guild`)
      for (const userId of userIdsOf(event)) assert.ok(guild.userIds.includes(userId), `${event.t} names a stranger`)
      if ('channel_id' in event.d) assert.ok(guild.channelIds.includes(event.d.channel_id), `${event.t} names a foreign channel`)
      if ('member' in event.d) for (const role of event.d.member.roles) assert.ok(guild.roleIds.includes(role))
      if (event.t === 'MESSAGE_REACTION_ADD' && event.d.emoji.id !== null) assert.ok(guild.emojiIds.includes(event.d.emoji.id))
    }
  })

  it('keeps users the same in every event that names them', () => {
    const events = buildMixedStream({ seed: 13, count: 2000, guilds: 1, guildOptions: { users: 20 } })
    const authors = new Map<string, string>()
    for (const event of events) {
      if (event.t !== 'MESSAGE_CREATE') continue
      const json = JSON.stringify(event.d.author)
      assert.equal(authors.get(event.d.author.id) ?? json, json)
      authors.set(event.d.author.id, json)
    }
    assert.ok(authors.size > 5)
    assert.deepEqual(buildUser(events[0]!.d.guild_id), buildUser(events[0]!.d.guild_id))
  })

  it('holds non-ASCII and astral text, with no lone surrogates', () => {
    const events = buildMixedStream({ seed: 17, count: 3000 })
    const texts = events.map((event) => JSON.stringify(event))
    assert.ok(texts.some((text) => /[\u0080-\uFFFF]/.test(text)), 'no non-ASCII text')
    assert.ok(texts.some((text) => /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)), 'no astral characters')
    const contents = events.flatMap((event) => (event.t === 'MESSAGE_CREATE' ? [event.d.content] : []))
    const asciiShare = contents.filter((text) => /^[\x00-\x7F]*$/.test(text)).length / contents.length
    assert.ok(asciiShare > 0.6 && asciiShare < 0.85, `${(asciiShare * 100).toFixed(0)}% of messages are ASCII`)
    for (const text of texts) assert.doesNotMatch(text, loneSurrogate)
  })

  it('rejects bad options', () => {
    assert.throws(() => buildMixedStream({ seed: 1, count: -1 }), { code: 'INVALID_OPTION', option: 'count' })
    assert.throws(() => buildMixedStream({ seed: 1, count: 1, guilds: 0 }), { code: 'INVALID_OPTION', option: 'guilds' })
    assert.throws(() => buildMixedStream({ seed: 1, count: 1, mix: { TYPING_START: 0 } }), { code: 'INVALID_OPTION', option: 'mix' })
    assert.throws(() => buildMixedStream({ seed: 1, count: 1, mix: { TYPING_START: -2 } }), { code: 'INVALID_OPTION', option: 'mix.TYPING_START' })
    assert.throws(() => createGuild(createRandom(1), { users: 0 }), { code: 'INVALID_OPTION', option: 'users' })
  })
})

describe('buildDispatch', () => {
  it('builds each dispatch kind with its name and guild', () => {
    const random = createRandom(21)
    const guild = createGuild(random)
    for (const name of dispatchNames) {
      const event = buildDispatch(random, name, guild, { timestampMs: Date.UTC(2025, 4, 2) })
      assert.equal(event.t, name)
      assert.equal((event.d as { guild_id: string }).guild_id, guild.id)
    }
    const message = buildDispatch(random, 'MESSAGE_CREATE', guild, { timestampMs: Date.UTC(2025, 4, 2) })
    assert.equal(snowflakeTimestamp(message.d.id), Date.UTC(2025, 4, 2))
    assert.equal(message.d.timestamp, '2025-05-02T00:00:00.000000+00:00')
  })
})

describe('buildGuildCreate', () => {
  it('builds a large guild of about 2 MB with thousands of members', () => {
    const random = createRandom(31)
    const guild = createGuild(random, largeGuildOptions)
    const data = buildGuildCreate(random, guild)
    const size = jsonBytes(data)
    assert.ok(size > 1_600_000 && size < 2_500_000, `GUILD_CREATE is ${size} bytes`)
    assert.equal(data.large, true)
    assert.equal(data.members.length, largeGuildOptions.users)
    assert.ok(data.presences.length >= 500)
    assert.ok(data.presences.every((presence) => presence.status !== 'offline'))
    assert.equal(data.roles[0]!.id, guild.id)
    assert.ok(forEachSnowflake(data, assertSnowflake) > 5_000)
    assert.equal(JSON.stringify(buildGuildCreate(createRandom(5), guild)), JSON.stringify(buildGuildCreate(createRandom(5), guild)))
  })

  it('lists as much of the guild as asked, and no more than it has', () => {
    const random = createRandom(33)
    const guild = createGuild(random, { users: 50, channels: 12, roles: 5 })
    const data = buildGuildCreate(random, guild, { members: 10, presences: 4, channels: 12, roles: 2 })
    assert.equal(data.members.length, 10)
    assert.equal(data.presences.length, 4)
    assert.equal(data.roles.length, 3)
    assert.equal(data.channels.filter((channel) => channel.type === 0).length, 12)
    assert.throws(() => buildGuildCreate(random, guild, { members: 51 }), { code: 'INVALID_OPTION', option: 'members' })
    assert.throws(() => buildGuildCreate(random, guild, { members: 10, presences: 11 }), { code: 'INVALID_OPTION', option: 'presences' })
  })
})
