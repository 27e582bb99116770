import { createRandom, seedFromString } from '../corpus/random.js'

/** The bot user and application READY describes. */
export interface BotIdentity {
  readonly user: {
    readonly id: string
    readonly username: string
    readonly global_name: null
    readonly discriminator: string
    readonly avatar: string | null
    readonly bot: true
    readonly verified: true
    readonly mfa_enabled: boolean
    readonly flags: number
    readonly email: null
  }
  readonly application: { readonly id: string; readonly flags: number }
}

/** The seeded bot: a user whose id is also the application id, as for most bots. */
export function createBotIdentity(seed: number): BotIdentity {
  const random = createRandom(seedFromString(`bot:${seed}`))
  const id = random.snowflake()
  return {
    user: {
      id,
      username: 'shardwire-simulator',
      global_name: null,
      discriminator: String(random.int(1, 9999)).padStart(4, '0'),
      avatar: random.hex(16),
      bot: true,
      verified: true,
      mfa_enabled: false,
      flags: 0,
      email: null,
    },
    // GATEWAY_PRESENCE | GATEWAY_GUILD_MEMBERS | GATEWAY_MESSAGE_CONTENT: the intents are enabled.
    application: { id, flags: (1 << 12) | (1 << 14) | (1 << 18) },
  }
}
