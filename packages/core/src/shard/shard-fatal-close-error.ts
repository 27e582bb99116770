import { ShardwireError } from '../errors.js'

// What each fatal close means for the bot's owner ("Gateway Close Event Codes").
const fatalCloseMeanings: Readonly<Record<number, string>> = {
  4004: 'authentication failed: the token is invalid',
  4010: 'invalid shard: the shard id is not below the shard count',
  4011: 'sharding required: too many guilds for this shard count',
  4012: 'invalid API version',
  4013: 'invalid intents: not a valid bit field',
  4014: 'disallowed intents: a privileged intent is not enabled for the application',
}

/**
 * The gateway closed with a code that forbids reconnecting; the shard stopped. Branch on
 * `closeCode` to tell a bad token (4004) from a sharding or intents problem.
 */
export class ShardFatalCloseError extends ShardwireError<'SHARD_FATAL_CLOSE'> {
  /** The close code the gateway sent. */
  readonly closeCode: number

  constructor(closeCode: number) {
    const meaning = fatalCloseMeanings[closeCode] ?? 'a close code that forbids reconnecting'
    super('SHARD_FATAL_CLOSE', `The gateway closed the connection with ${closeCode} (${meaning}); the shard stopped`)
    this.closeCode = closeCode
  }
}
