import { buildGuildCreate, type GuildCreateData } from '../corpus/build-guild-create.js'
import { createGuild, largeGuildOptions, type CorpusGuild, type CreateGuildOptions } from '../corpus/corpus-guild.js'
import { createRandom, seedFromString } from '../corpus/random.js'
import { shardForGuild, snowflakeOnShard } from '../rules/guild-routing.js'

/** What {@link GuildDirectory} builds the bot's guilds from. */
export interface GuildDirectoryOptions {
  readonly seed: number
  /** Guilds in all. */
  readonly count: number
  /** How many of them (the first ones) are large. */
  readonly large: number
  /** Sizes of the other guilds. */
  readonly size: CreateGuildOptions
  /** The recommended shard count the ids are spread over. */
  readonly shards: number
}

/**
 * The guilds the bot is in: seeded, with ids spread so guild `i` routes to shard
 * `i % shards` under the recommended count. Sessions with another shard count route the
 * same ids with `(guild_id >> 22) % num_shards` and may find some shards empty.
 */
export class GuildDirectory {
  readonly guilds: readonly CorpusGuild[]
  readonly #seed: number
  readonly #guildCreates = new Map<string, GuildCreateData>()

  constructor(options: GuildDirectoryOptions) {
    this.#seed = options.seed
    const random = createRandom(seedFromString(`guilds:${options.seed}`))
    this.guilds = Array.from({ length: options.count }, (_, i) => {
      const guild = createGuild(random, i < options.large ? largeGuildOptions : options.size)
      return { ...guild, id: snowflakeOnShard(guild.id, i % options.shards, options.shards) }
    })
  }

  /** The guilds a shard owns. */
  owned(shardId: number, shardCount: number): CorpusGuild[] {
    return this.guilds.filter((guild) => shardForGuild(guild.id, shardCount) === shardId)
  }

  /**
   * The GUILD_CREATE of a guild, built once and cached (the large ones take a while).
   * `large` follows the session's `large_threshold`.
   */
  guildCreate(guild: CorpusGuild, largeThreshold: number): GuildCreateData {
    let data = this.#guildCreates.get(guild.id)
    if (data === undefined) {
      data = buildGuildCreate(createRandom(seedFromString(`guild-create:${this.#seed}:${guild.id}`)), guild)
      this.#guildCreates.set(guild.id, data)
    }
    const large = data.member_count > largeThreshold
    return data.large === large ? data : { ...data, large }
  }
}
