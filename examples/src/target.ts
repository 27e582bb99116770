// Where an example connects: Discord when DISCORD_TOKEN is set; a simulator already running
// elsewhere when SHARDWIRE_EXAMPLE_API_BASE names its REST base (`pnpm simulator` prints it);
// otherwise a local gateway simulator started in this process. The examples' own code is the
// same either way.
import { startSimulator, type GatewaySimulator } from '@shardwire/simulator'

/** What an example needs to build a `ShardManager`, and how to let go of it. */
export interface Target {
  /** The bot token. Never print it. */
  readonly token: string
  /** The REST API base the manager fetches `GET /gateway/bot` from. */
  readonly apiBase: string
  /** The simulator this process started, or null (Discord, or a simulator started elsewhere). */
  readonly simulator: GatewaySimulator | null
  /** Stops the simulator, if one was started. */
  close(): Promise<void>
}

/** How big a simulated bot to start when there is no token. */
export interface TargetOptions {
  /** The shard count the simulator recommends. */
  readonly shards: number
  /** Simulated events per second per shard (MESSAGE_CREATE, PRESENCE_UPDATE…). */
  readonly eventsPerSecond?: number
  /** Seconds an unattached session stays resumable (Discord: a few minutes). */
  readonly resumeWindowSeconds?: number
}

/** True when the example should run against the simulator rather than Discord. */
export function usesSimulator(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['SHARDWIRE_EXAMPLE_SIMULATOR'] === '1' || (env['DISCORD_TOKEN'] ?? '') === ''
}

/** Discord (with `DISCORD_TOKEN`), a running simulator, or a fresh simulator with seeded traffic. */
export async function openTarget(options: TargetOptions): Promise<Target> {
  const close = async (): Promise<void> => {}
  if (!usesSimulator()) {
    return { token: process.env['DISCORD_TOKEN']!, apiBase: 'https://discord.com/api/v10', simulator: null, close }
  }
  const apiBase = process.env['SHARDWIRE_EXAMPLE_API_BASE'] ?? ''
  if (apiBase !== '') {
    // The simulator's token: its default, or what `pnpm simulator` was given.
    return { token: process.env['SHARDWIRE_SIM_TOKEN'] ?? 'simulator-token', apiBase, simulator: null, close }
  }
  const simulator = await startSimulator({
    shards: options.shards,
    // Every shard in one identify bucket, so a small example is ready at once.
    maxConcurrency: options.shards,
    guilds: options.shards * 4,
    resumeWindowMs: (options.resumeWindowSeconds ?? 180) * 1000,
  })
  simulator.load.start({ ratePerShard: options.eventsPerSecond ?? 5, seed: 7 })
  console.log(`simulator: ${options.shards} shards at ${simulator.gatewayUrl}`)
  return {
    token: simulator.options.token,
    apiBase: simulator.restUrl,
    simulator,
    close: () => simulator.close(),
  }
}
