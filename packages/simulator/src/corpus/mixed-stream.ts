import { InvalidOptionError } from '@shardwire/core'
import { assertCount } from './assert-count.js'
import { buildDispatch, dispatchNames, type CorpusDispatch, type DispatchName } from './build-dispatch.js'
import { createGuild, type CorpusGuild, type CreateGuildOptions } from './corpus-guild.js'
import { createRandom } from './random.js'

/**
 * Relative weights of each dispatch in a busy bot's traffic: presences dominate, then
 * messages and typing. Averages about 1.1 KB of JSON per event.
 */
export const defaultMix = {
  PRESENCE_UPDATE: 40,
  MESSAGE_CREATE: 25,
  TYPING_START: 20,
  GUILD_MEMBER_UPDATE: 10,
  MESSAGE_REACTION_ADD: 5,
} as const satisfies Record<DispatchName, number>

/** Options of {@link buildMixedStream}. */
export interface MixedStreamOptions {
  /** Seed of the stream: the same seed and options always give the same events. */
  seed: number
  /** How many events to build. */
  count: number
  /**
   * Relative weight of each dispatch name; names left out never occur.
   * @defaultValue {@link defaultMix}
   */
  mix?: Partial<Record<DispatchName, number>>
  /**
   * How many guilds the events spread over.
   * @defaultValue 5
   */
  guilds?: number
  /**
   * Sizes of each guild.
   * @defaultValue the defaults of `createGuild`
   */
  guildOptions?: CreateGuildOptions
}

/** A stream built by {@link buildMixedStream}: its events and the guilds they reference. */
export interface MixedStream {
  /** The dispatches, in time order. */
  events: CorpusDispatch[]
  /** The guilds the events belong to. */
  guilds: CorpusGuild[]
}

/**
 * Builds the guilds and `count` dispatches spread over them, in time order (a few
 * milliseconds apart), drawn from `mix`.
 * @throws InvalidOptionError on a bad count, guild count or mix
 */
export function buildMixedStreamWithGuilds(options: MixedStreamOptions): MixedStream {
  const { seed, count, mix = defaultMix, guilds: guildCount = 5 } = options
  assertCount('count', count, 0)
  assertCount('guilds', guildCount, 1)
  const names: DispatchName[] = []
  const cumulative: number[] = []
  let total = 0
  for (const name of dispatchNames) {
    const weight = mix[name] ?? 0
    if (!Number.isFinite(weight) || weight < 0) {
      throw new InvalidOptionError(`mix.${name}`, `expected a finite weight >= 0, got ${String(weight)}`)
    }
    if (weight === 0) continue
    total += weight
    names.push(name)
    cumulative.push(total)
  }
  if (total === 0) throw new InvalidOptionError('mix', 'expected at least one positive weight')

  const random = createRandom(seed)
  const guilds = Array.from({ length: guildCount }, () => createGuild(random, options.guildOptions))
  const events: CorpusDispatch[] = []
  let now = Date.UTC(2025, 4, 1) + random.int(0, 86_400_000)
  for (let i = 0; i < count; i++) {
    const roll = random.next() * total
    let index = 0
    while ((cumulative[index] as number) <= roll) index++
    now += random.int(0, 20)
    const guild = random.pick(guilds)
    events.push(buildDispatch(random, names[index] as DispatchName, guild, { timestampMs: now }) as CorpusDispatch)
  }
  return { events, guilds }
}

/**
 * Builds `count` dispatches: the seeded traffic the simulator's load generator sends and the
 * benchmarks decode. See {@link buildMixedStreamWithGuilds} to also get the guilds.
 */
export function buildMixedStream(options: MixedStreamOptions): CorpusDispatch[] {
  return buildMixedStreamWithGuilds(options).events
}

/** A dispatch as sent on the socket: `{ op: 0, t, s, d }` with sequence `s`. */
export function toDispatchPayload(event: CorpusDispatch, sequence: number): { op: 0; t: DispatchName; s: number; d: CorpusDispatch['d'] } {
  return { op: 0, t: event.t, s: sequence, d: event.d }
}
