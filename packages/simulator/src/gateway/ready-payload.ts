import type { CorpusGuild } from '../corpus/corpus-guild.js'
import type { BotIdentity } from './bot-identity.js'

/** The `d` of READY ("Ready Event" in Discord's gateway docs). */
export interface ReadyData {
  readonly v: number
  readonly user: BotIdentity['user']
  readonly guilds: ReadonlyArray<{ readonly id: string; readonly unavailable: true }>
  readonly session_id: string
  readonly resume_gateway_url: string
  readonly shard: readonly [number, number]
  readonly application: BotIdentity['application']
  readonly session_type: 'normal'
  readonly private_channels: readonly []
  readonly presences: readonly []
  readonly relationships: readonly []
  readonly guild_join_requests: readonly []
  readonly user_settings: Record<string, never>
  readonly geo_ordered_rtc_regions: readonly string[]
  readonly _trace: readonly string[]
}

/** Builds READY: every guild of the shard listed as unavailable until its GUILD_CREATE. */
export function buildReadyData(options: {
  version: number
  bot: BotIdentity
  guilds: readonly CorpusGuild[]
  sessionId: string
  resumeGatewayUrl: string
  shard: readonly [number, number]
}): ReadyData {
  return {
    v: options.version,
    user: options.bot.user,
    guilds: options.guilds.map((guild) => ({ id: guild.id, unavailable: true as const })),
    session_id: options.sessionId,
    resume_gateway_url: options.resumeGatewayUrl,
    shard: options.shard,
    application: options.bot.application,
    session_type: 'normal',
    private_channels: [],
    presences: [],
    relationships: [],
    guild_join_requests: [],
    user_settings: {},
    geo_ordered_rtc_regions: ['local'],
    _trace: ['["shardwire-simulator",{"micros":0}]'],
  }
}
