/**
 * The shard that receives a guild's events: `(guild_id >> 22) % num_shards` ("Sharding" in
 * Discord's gateway docs). Snowflakes exceed 2^53, so the shift is done on a BigInt.
 * @param guildId - the guild's snowflake as a decimal string
 * @param shardCount - the `num_shards` the session identified with
 */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount))
}

/**
 * Moves a snowflake by less than `shardCount` milliseconds so that it routes to `shardId`
 * under `shardCount` shards. Used to spread synthetic guilds evenly over shards.
 */
export function snowflakeOnShard(snowflake: string, shardId: number, shardCount: number): string {
  const id = BigInt(snowflake)
  const count = BigInt(shardCount)
  const timestamp = id >> 22n
  const moved = timestamp - (timestamp % count) + BigInt(shardId)
  return ((moved << 22n) | (id & 0x3fffffn)).toString()
}
