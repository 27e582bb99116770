// Golden fixtures: terms written by Erlang's own term_to_binary (fixtures/etf-erlang-terms.json,
// made by fixtures/etf-erlang-terms.escript), covering the tags Discord's erlpack never writes
// and gateway events in Discord's shapes with snowflakes as 64-bit integers; plus events packed
// by erlpack with snowflakes as strings.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import erlpack from 'erlpack'
import { DecodeError, decodeEtf, etfEncoding } from '@shardwire/core'
import { hex } from './etf-random-terms.js'

interface ErlangFixture {
  erlang: string
  options: string
  hex: string
}

const fixtures = (JSON.parse(readFileSync(new URL('./fixtures/etf-erlang-terms.json', import.meta.url), 'utf8')) as { terms: Record<string, ErlangFixture> }).terms

function bytesOf(name: string): Uint8Array {
  const fixture = fixtures[name]
  assert.ok(fixture, `fixture ${name} exists`)
  return hex(fixture.hex)
}

/** The tag of the top-level term, to prove a fixture exercises the tag it is named after. */
function topTag(name: string): number {
  return bytesOf(name)[1]!
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** Expected decodings, by fixture name. */
const expected: Record<string, unknown> = {
  float_ext: 1.5,
  float_ext_negative_small: -0.000123,
  float_ext_huge: 1e300,
  new_float: -2.5e-10,
  atom_latin1: 'hello',
  atom_latin1_non_ascii: 'café',
  atom_utf8_small: '😀ok',
  atom_utf8_large: '😀'.repeat(100),
  atoms_mv1: [true, false, null, null, 'undefined'],
  atoms_mv2: [true, false, null, null, 'undefined'],
  string_ext: [104, 101, 108, 108, 111],
  string_ext_bytes: [0, 1, 200, 255],
  list_of_large_ints: [1, 2, 300],
  small_tuple: [1, 'a', 'ok'],
  large_tuple: range(1, 300),
  integer_neg: -2147483648,
  integer_max: 2147483647,
  small_big_2_31: 2147483648,
  small_big_neg_2_31_minus_1: -2147483649,
  small_big_2_53_minus_1: 9007199254740991,
  small_big_2_53: '9007199254740992',
  small_big_neg_2_63: '-9223372036854775808',
  small_big_2_64_minus_1: '18446744073709551615',
  small_big_2_64: '18446744073709551616',
  large_big_2_2100: (2n ** 2100n).toString(),
  large_big_neg_2_2100_plus_1: (-(2n ** 2100n + 1n)).toString(),
  compressed_list: new Array<string>(200).fill('guild_id'),
  compressed_map: Object.fromEntries(range(1, 50).map((i) => [String(i), i])),
  map_integer_keys: { 1: 'a', '-5': 'b', '18446744073709551616': 'x' },
  map_atom_keys: { ok: 1, nil: 2, true: 3 },
  map_float_key: { '1.5': 'a' },
  map_large: Object.fromEntries(range(1, 40).map((i) => [String(i), i * 1000])),
  binaries_utf8: ['', 'a', '😀', 'café 中文 👩‍💻'],
  empty_containers: [{}, [], '', []],
  ready: {
    op: 0,
    s: 1,
    t: 'READY',
    d: {
      v: 10,
      session_id: '9f4c8a1e2b3d4f5a6b7c8d9e0f1a2b3c',
      resume_gateway_url: 'wss://gateway-us-east1-b.discord.gg',
      user: { id: '1052265386004324412', username: 'shardwire', discriminator: '0', bot: true, avatar: null, flags: 0 },
      guilds: [
        { id: '81384788765712384', unavailable: true },
        { id: '1046143213853499452', unavailable: true },
      ],
      // Erlang writes a list of small integers as STRING_EXT; it still reads as the list.
      shard: [0, 1],
      application: { id: '1052265386004324412', flags: 8953856 },
    },
  },
  message_create_integer_ids: {
    op: 0,
    s: 42,
    t: 'MESSAGE_CREATE',
    d: {
      id: '1217543229476081714',
      channel_id: '1046143214361010266',
      guild_id: '1046143213853499452',
      type: 0,
      content: 'héllo 👋 世界',
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: ['1046143213853499453'],
      timestamp: '2024-03-12T10:20:30.123000+00:00',
      edited_timestamp: null,
      nonce: '1217543228142288896',
      flags: 0,
      pinned: false,
      attachments: [],
      embeds: [{ type: 'rich', title: 'Release', color: 5793266, fields: [{ name: 'Version', value: '1.0.0', inline: true }] }],
      author: {
        id: '80351110224678912',
        username: 'nelly',
        global_name: 'Nelly 🌸',
        avatar: '8342729096ea3675442027381ff50dfe',
        discriminator: '0',
        public_flags: 131141,
      },
      member: {
        roles: ['1046143213853499453', '1046143213853499454'],
        nick: null,
        joined_at: '2022-11-29T18:00:00.000000+00:00',
        deaf: false,
        mute: false,
        flags: 0,
      },
    },
  },
  message_create_string_ids: {
    op: 0,
    s: 43,
    t: 'MESSAGE_CREATE',
    d: {
      id: '1217543229476081714',
      channel_id: '1046143214361010266',
      guild_id: '1046143213853499452',
      type: 0,
      content: 'plain text',
      author: { id: '80351110224678912', username: 'nelly', bot: false },
      mention_roles: ['1046143213853499453'],
      edited_timestamp: null,
    },
  },
  guild_create_slice: {
    op: 0,
    s: 2,
    t: 'GUILD_CREATE',
    d: {
      id: '1046143213853499452',
      name: 'Shardwire 🧪 Lab',
      icon: null,
      owner_id: '80351110224678912',
      member_count: 3,
      large: false,
      unavailable: false,
      features: ['COMMUNITY', 'NEWS'],
      joined_at: '2022-11-29T18:00:00.000000+00:00',
      roles: [
        {
          id: '1046143213853499452',
          name: '@everyone',
          permissions: '2222085186637376',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
        },
      ],
      channels: [
        {
          id: '1046143214361010266',
          type: 0,
          name: 'general',
          position: 0,
          parent_id: null,
          topic: null,
          nsfw: false,
          rate_limit_per_user: 0,
          permission_overwrites: [{ id: '1046143213853499452', type: 0, allow: '0', deny: '2048' }],
        },
      ],
      members: [
        {
          user: { id: '1052265386004324412', username: 'shardwire', bot: true },
          roles: [],
          joined_at: '2022-12-14T09:00:00.000000+00:00',
          deaf: false,
          mute: false,
        },
      ],
      voice_states: [],
      presences: [],
      emojis: [],
      stickers: [],
      threads: [],
    },
  },
  presence_update: {
    op: 0,
    s: 7,
    t: 'PRESENCE_UPDATE',
    d: {
      user: { id: '80351110224678912' },
      guild_id: '1046143213853499452',
      status: 'online',
      client_status: { desktop: 'online', mobile: 'idle' },
      activities: [
        {
          type: 0,
          name: 'ゼルダの伝説',
          id: 'ec0b28a579ecb4bd',
          created_at: 1710238830123,
          timestamps: { start: 1710238000000 },
          application_id: '356875570916753438',
          emoji: { name: '🎮' },
        },
      ],
    },
  },
  heartbeat_ack: { op: 11, d: null, s: null, t: null },
  hello: { op: 10, d: { heartbeat_interval: 41250, _trace: ['["gateway-prd-us-east1-b-0568",{"micros":0.0}]'] }, s: null, t: null },
}

/** Fixtures that must fail, with the code and offset. */
const failures: Record<string, { code: string; offset: number }> = {
  improper_list: { code: 'ETF_MALFORMED', offset: 8 }, // 131, LIST, 4-byte length, 97 1, then the tail
  improper_list_binary_tail: { code: 'ETF_MALFORMED', offset: 14 }, // after the ATOM_EXT elements a and b
  map_tuple_key: { code: 'ETF_MALFORMED', offset: 6 },
  map_list_key: { code: 'ETF_MALFORMED', offset: 6 }, // [1, 2] is a STRING_EXT key
  binary_invalid_utf8: { code: 'ETF_INVALID_UTF8', offset: 1 },
}

describe('Erlang term_to_binary fixtures', () => {
  test('every fixture has an expectation, and every expectation a fixture', () => {
    assert.deepEqual(Object.keys(fixtures).sort(), [...Object.keys(expected), ...Object.keys(failures)].sort())
  })

  for (const [name, value] of Object.entries(expected)) {
    test(`${name}: ${fixtures[name]?.erlang.slice(0, 60) ?? ''}`, () => {
      assert.deepStrictEqual(decodeEtf(bytesOf(name)), value)
    })
  }

  for (const [name, { code, offset }] of Object.entries(failures)) {
    test(`${name} fails with ${code}`, () => {
      assert.throws(() => decodeEtf(bytesOf(name)), (error: unknown) => error instanceof DecodeError && error.code === code && error.offset === offset)
    })
  }

  test('the fixtures exercise the tags they are named after', () => {
    const tags: Record<string, number> = {
      float_ext: 99,
      new_float: 70,
      atom_latin1: 100,
      atom_utf8_small: 119,
      atom_utf8_large: 118,
      string_ext: 107,
      small_tuple: 104,
      large_tuple: 105,
      small_big_2_64: 110,
      large_big_2_2100: 111,
      compressed_list: 80,
      compressed_map: 80,
      map_large: 116,
    }
    for (const [name, tag] of Object.entries(tags)) assert.equal(topTag(name), tag, name)
    // Erlang/OTP 26+ (minor_version 2) writes true/false/nil as SMALL_ATOM_UTF8.
    assert.ok(fixtures.atoms_mv2!.hex.includes('7704747275'), 'atoms_mv2 holds SMALL_ATOM_UTF8 true')
    assert.ok(fixtures.ready!.hex.includes('7704747275'), 'ready holds SMALL_ATOM_UTF8 true')
  })

  test('with `bigint`, 64-bit snowflakes come out as BigInts', () => {
    const ready = decodeEtf(bytesOf('ready'), { bigint: true }) as { d: { user: { id: unknown }; guilds: { id: unknown }[] } }
    assert.equal(ready.d.user.id, 1052265386004324412n)
    assert.deepEqual(
      ready.d.guilds.map((guild) => guild.id),
      [81384788765712384n, 1046143213853499452n],
    )
    assert.equal(decodeEtf(bytesOf('small_big_2_53_minus_1'), { bigint: true }), 9007199254740991)
    assert.equal(decodeEtf(bytesOf('large_big_2_2100'), { bigint: true }), 2n ** 2100n)
  })

  test('gateway fixtures pass through the ETF encoding as payloads', () => {
    for (const name of ['ready', 'message_create_integer_ids', 'guild_create_slice', 'presence_update', 'heartbeat_ack', 'hello']) {
      assert.deepStrictEqual(etfEncoding.decode(bytesOf(name)), expected[name], name)
    }
  })
})

describe('erlpack on the same Erlang bytes', () => {
  test('agrees wherever it reads a term correctly', () => {
    const agreed = ['new_float', 'atom_latin1', 'atoms_mv1', 'string_ext', 'list_of_large_ints', 'small_tuple', 'large_tuple',
      'integer_neg', 'integer_max', 'small_big_2_31', 'map_float_key', 'map_large', 'binaries_utf8', 'empty_containers',
      'compressed_list', 'compressed_map', 'float_ext', 'float_ext_negative_small', 'float_ext_huge']
    for (const name of agreed) assert.deepStrictEqual(decodeEtf(bytesOf(name)), erlpack.unpack(Buffer.from(bytesOf(name))), name)
  })

  test('differs on purpose: erlpack cannot read UTF-8 atoms (tags 118, 119), which Erlang/OTP 26+ writes', () => {
    for (const name of ['atom_utf8_small', 'atom_utf8_large', 'atoms_mv2', 'ready', 'message_create_integer_ids', 'guild_create_slice']) {
      // erlpack fails on the tag, or (inside a list) on what it misreads after it.
      assert.throws(() => erlpack.unpack(Buffer.from(bytesOf(name))), /Unsupported erlang term type|tail marker/, name)
      assert.doesNotThrow(() => decodeEtf(bytesOf(name)), name)
    }
  })

  test('differs on purpose: erlpack reads integers beyond 32 bits as strings; we keep numbers up to 2^53', () => {
    assert.equal(erlpack.unpack(Buffer.from(bytesOf('small_big_neg_2_31_minus_1'))), '-2147483649')
    assert.equal(decodeEtf(bytesOf('small_big_neg_2_31_minus_1')), -2147483649)
    assert.equal(erlpack.unpack(Buffer.from(bytesOf('small_big_2_53_minus_1'))), '9007199254740991')
    assert.equal(decodeEtf(bytesOf('small_big_2_53_minus_1')), 9007199254740991)
    // Beyond 2^53 both give the decimal string.
    for (const name of ['small_big_2_53', 'small_big_neg_2_63', 'small_big_2_64_minus_1']) {
      assert.equal(decodeEtf(bytesOf(name)), erlpack.unpack(Buffer.from(bytesOf(name))), name)
    }
    // In a gateway event: a millisecond timestamp is a number for us, a string for erlpack.
    const presence = erlpack.unpack(Buffer.from(bytesOf('presence_update'))) as { d: { activities: { created_at: unknown }[] } }
    assert.equal(presence.d.activities[0]!.created_at, '1710238830123')
    assert.deepStrictEqual(decodeEtf(bytesOf('presence_update')), expected.presence_update)
    // erlpack gives up on integers of more than 8 bytes; we read them.
    assert.throws(() => erlpack.unpack(Buffer.from(bytesOf('small_big_2_64'))), /larger than 8 bytes/)
    assert.equal(decodeEtf(bytesOf('small_big_2_64')), '18446744073709551616')
  })

  test('differs on purpose: map keys from atoms keep their names, and a Latin-1 atom is Latin-1', () => {
    // erlpack turns the key `nil` into null and then into the property "null".
    assert.deepEqual(erlpack.unpack(Buffer.from(bytesOf('map_atom_keys'))), { ok: 1, null: 2, true: 3 })
    assert.deepEqual(decodeEtf(bytesOf('map_atom_keys')), { ok: 1, nil: 2, true: 3 })
    // erlpack reads ATOM_EXT bytes as UTF-8, so 0xE9 (é in Latin-1) becomes U+FFFD.
    assert.equal(erlpack.unpack(Buffer.from(bytesOf('atom_latin1_non_ascii'))), 'caf\ufffd')
    assert.equal(decodeEtf(bytesOf('atom_latin1_non_ascii')), 'café')
  })

  test('differs on purpose: invalid UTF-8 is an error, not U+FFFD', () => {
    assert.equal(erlpack.unpack(Buffer.from(bytesOf('binary_invalid_utf8'))), '\ufffd(')
    assert.throws(() => decodeEtf(bytesOf('binary_invalid_utf8')), { code: 'ETF_INVALID_UTF8' })
  })

  test('both refuse improper lists', () => {
    assert.throws(() => erlpack.unpack(Buffer.from(bytesOf('improper_list'))), /tail marker/)
    assert.throws(() => decodeEtf(bytesOf('improper_list')), { code: 'ETF_MALFORMED' })
  })
})

describe('events packed by erlpack (snowflakes as strings)', () => {
  const events = {
    MESSAGE_CREATE: {
      op: 0,
      s: 3,
      t: 'MESSAGE_CREATE',
      d: {
        id: '1217543229476081714',
        channel_id: '1046143214361010266',
        guild_id: '1046143213853499452',
        content: 'ship it 🚢 — ça marche',
        author: { id: '80351110224678912', username: 'nelly', global_name: null, avatar: null, bot: false },
        member: { roles: ['1046143213853499453'], nick: 'Nells', deaf: false, mute: false, flags: 0 },
        embeds: [{ title: 'Build #4242', color: 0x57f287, fields: [{ name: 'Tests', value: '1,024 passed', inline: true }] }],
        attachments: [],
        mentions: [],
        tts: false,
        type: 0,
      },
    },
    PRESENCE_UPDATE: {
      op: 0,
      s: 4,
      t: 'PRESENCE_UPDATE',
      d: { user: { id: '80351110224678912' }, status: 'dnd', activities: [{ type: 4, name: 'Custom Status', state: '🦀 rewriting it', created_at: 1710238830123 }], client_status: { web: 'dnd' } },
    },
    READY: {
      op: 0,
      s: 1,
      t: 'READY',
      d: { v: 10, session_id: 'abc', resume_gateway_url: 'wss://gateway.discord.gg', user: { id: '1052265386004324412', bot: true }, guilds: [{ id: '1046143213853499452', unavailable: true }], shard: [3, 16] },
    },
  }

  for (const [name, event] of Object.entries(events)) {
    test(name, () => {
      const packed = erlpack.pack(event)
      assert.deepStrictEqual(decodeEtf(packed), event)
      assert.deepStrictEqual(etfEncoding.decode(packed), event)
      assert.deepStrictEqual(decodeEtf(packed), erlpack.unpack(packed))
    })
  }
})
