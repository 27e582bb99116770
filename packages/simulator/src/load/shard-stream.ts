import { InvalidOptionError } from '@shardwire/core'
import { buildDispatch, dispatchNames, type DispatchName } from '../corpus/build-dispatch.js'
import { buildGuildCreate } from '../corpus/build-guild-create.js'
import { createGuild, largeGuildOptions, type CorpusGuild } from '../corpus/corpus-guild.js'
import { createRandom, seedFromString, type Random } from '../corpus/random.js'
import { snowflakeOnShard } from '../rules/guild-routing.js'

/** A dispatch the load generator can emit: the corpus's events, plus large GUILD_CREATEs (a guild joining). */
export type LoadEventName = DispatchName | 'GUILD_CREATE'

/** Relative weights of each event; names left out never occur. */
export type LoadMix = Partial<Record<LoadEventName, number>>

const loadEventNames: readonly LoadEventName[] = [...dispatchNames, 'GUILD_CREATE']

/** A mix checked and turned into cumulative weights. */
export interface CompiledMix {
  readonly names: readonly LoadEventName[]
  readonly cumulative: readonly number[]
  readonly total: number
}

/**
 * Validates a mix.
 * @throws InvalidOptionError on a negative or non-finite weight, or no positive weight
 */
export function compileMix(mix: LoadMix): CompiledMix {
  const names: LoadEventName[] = []
  const cumulative: number[] = []
  let total = 0
  for (const name of Object.keys(mix)) {
    if (!loadEventNames.includes(name as LoadEventName)) throw new InvalidOptionError(`mix.${name}`, 'not an event the load generator emits')
  }
  for (const name of loadEventNames) {
    const weight = mix[name] ?? 0
    if (!Number.isFinite(weight) || weight < 0) throw new InvalidOptionError(`mix.${name}`, `expected a finite weight >= 0, got ${String(weight)}`)
    if (weight === 0) continue
    total += weight
    names.push(name)
    cumulative.push(total)
  }
  if (total === 0) throw new InvalidOptionError('mix', 'expected at least one positive weight')
  return { names, cumulative, total }
}

/**
 * The seeded event stream of one shard (`[shard_id, num_shards]`): events only in guilds the
 * shard owns, so routing holds. The same seed, shard and mix give the same events in the same
 * order, whatever the timing.
 */
export class ShardStream {
  readonly #random: Random
  readonly #guilds: readonly CorpusGuild[]
  readonly #mix: CompiledMix
  readonly #shard: readonly [number, number]

  constructor(seed: number, shard: readonly [number, number], guilds: readonly CorpusGuild[], mix: CompiledMix) {
    this.#random = createRandom(seedFromString(`load:${seed}:${shard[0]}:${shard[1]}`))
    this.#guilds = guilds
    this.#mix = mix
    this.#shard = shard
  }

  /** The next event, or null when the shard owns no guild to set it in. */
  next(): { t: LoadEventName; d: unknown } | null {
    const random = this.#random
    const roll = random.next() * this.#mix.total
    let index = 0
    while ((this.#mix.cumulative[index] as number) <= roll) index++
    const name = this.#mix.names[index] as LoadEventName
    if (name === 'GUILD_CREATE') {
      // A large guild joining: a fresh guild whose id routes to this shard.
      const guild = createGuild(random, largeGuildOptions)
      const moved = { ...guild, id: snowflakeOnShard(guild.id, this.#shard[0], this.#shard[1]) }
      return { t: name, d: buildGuildCreate(random, moved) }
    }
    if (this.#guilds.length === 0) return null
    return buildDispatch(random, name, random.pick(this.#guilds))
  }
}
