// What the demo connects to. The only difference between the simulator and Discord is here:
// where `GET /gateway/bot` is asked (which hands out the gateway URL) and which token is sent.
import { startSimulator, type GatewaySimulator } from '@shardwire/simulator'
import type { DemoFlags } from './demo-flags.js'

/** The simulator's settings in the demo. */
export const simulatorSettings = {
  maxConcurrency: 4,
  // Discord's is 41.25 s: a zombie would go unnoticed for most of a one-minute run.
  heartbeatIntervalMs: 5000,
  // Events per second per shard; about half pass the demo's intents (no privileged ones).
  ratePerShard: 100,
  seed: 7,
} as const satisfies Record<string, number>

/** A target the manager can connect to. */
export interface DemoBackend {
  /** The REST API base the manager asks `GET /gateway/bot` of. */
  readonly apiBase: string
  /** The bot token, handed to the manager only. */
  readonly token: string
  /** The in-process simulator; null live. */
  readonly sim: GatewaySimulator | null
  /** Stops the simulator; nothing live. */
  close(): Promise<void>
}

/** Starts the simulator with traffic flowing, or points at Discord with `--live`. */
export async function openBackend(flags: DemoFlags): Promise<DemoBackend> {
  if (flags.target.kind === 'live') {
    return { apiBase: 'https://discord.com/api/v10', token: flags.target.token, sim: null, close: async () => {} }
  }
  const sim = await startSimulator({
    shards: flags.shards ?? 16,
    maxConcurrency: simulatorSettings.maxConcurrency,
    heartbeatIntervalMs: simulatorSettings.heartbeatIntervalMs,
    seed: simulatorSettings.seed,
  })
  // Each shard gets traffic from the moment its session starts (no backlog for late shards).
  sim.load.start({ ratePerShard: simulatorSettings.ratePerShard })
  return { apiBase: sim.restUrl, token: sim.options.token, sim, close: () => sim.close() }
}
