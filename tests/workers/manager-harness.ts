// Starts a ShardManager against @shardwire/simulator with shrunk timings. Not a test file itself.
import { afterEach } from 'node:test'
import { LocalIdentifyQueue } from '@shardwire/core'
import { ShardManager, type ManagerShardOptions, type ShardManagerOptions } from '@shardwire/manager'
import type { GatewaySimulator } from '@shardwire/simulator'
import { simToken, timing } from '../shard/sim-harness.js'

/** Shrunk timings for the simulator, as in `tests/shard/sim-harness.ts`. */
export const shardOptions: ManagerShardOptions = {
  timeouts: { connectMs: 2000, helloMs: 2000, readyMs: 2000, resumedMs: 2000, closeMs: 300 },
  backoff: { baseMs: 20, maxMs: 400 },
  reidentifyDelay: { minMs: 20, maxMs: 60 },
  sendLimit: { limit: 120, windowMs: timing.sendWindowMs },
  sessionSaveIntervalMs: 200,
}

/** A manager for `sim`: its REST for `GET /gateway/bot`, an identify window a little over the simulator's. */
export function createManager(sim: GatewaySimulator, options: Partial<ShardManagerOptions> = {}): ShardManager {
  return new ShardManager({
    token: simToken,
    intents: 1 | 2 | 256 | 512 | 2048,
    compression: 'zlib-stream',
    apiBase: sim.restUrl,
    // The margin over the simulator's window covers the hop from the grant to a busy worker's socket.
    buildIdentifyQueue: ({ maxConcurrency }) => new LocalIdentifyQueue({ maxConcurrency, windowMs: timing.identifyWindowMs + 100 }),
    shardOptions,
    ...options,
  })
}

/** What a test of the file runs: set them as the test starts them. */
export interface LiveFixture {
  sim: GatewaySimulator | null
  manager: ShardManager | null
}

/** The running test's simulator and manager, destroyed and closed after each test of the file. */
export function liveFixture(): LiveFixture {
  const live: LiveFixture = { sim: null, manager: null }
  afterEach(async () => {
    await live.manager?.destroy()
    live.manager = null
    await live.sim?.close()
    live.sim = null
  })
  return live
}
