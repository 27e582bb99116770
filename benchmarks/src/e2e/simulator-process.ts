// The gateway simulator, in its own process so that its CPU is not counted against the modes.
import { startSimulator, type LoadRun } from '@shardwire/simulator'
import { e2eLoad, type LoadRequest, type SimulatorReply } from './e2e-protocol.js'

const simulator = await startSimulator({
  token: e2eLoad.token, shards: e2eLoad.shards, maxConcurrency: e2eLoad.shards, guilds: 32, identifyWindowMs: 50, heartbeatIntervalMs: 10_000,
})
const reply = (message: SimulatorReply): void => {
  // The orchestrator may be gone already: nobody is left to tell.
  if (process.connected) process.send?.(message, undefined, {}, () => {})
}
reply({ type: 'listening', restUrl: simulator.restUrl, gatewayUrl: simulator.gatewayUrl })
let run: LoadRun | null = null
process.on('message', (message: LoadRequest) => {
  if (message.type === 'load') {
    run = simulator.load.start({ ratePerShard: message.ratePerShard })
    return
  }
  const stopping = run
  run = null
  stopping?.stop()
  reply({ type: 'loadDone', sent: stopping?.sent ?? 0 })
})
process.on('disconnect', () => void simulator.close().finally(() => process.exit(0)))
