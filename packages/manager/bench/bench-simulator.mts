import { startSimulator } from '../../simulator/src/index.ts'
const sim = await startSimulator({ token: 'YmVuY2g.YmVuY2g.YmVuY2gtdG9rZW4', shards: 16, maxConcurrency: 16, guilds: 32, identifyWindowMs: 50, heartbeatIntervalMs: 5000 })
process.send!({ restUrl: sim.restUrl })
process.on('message', (message: { rate: number; durationMs: number }) => {
  const run = sim.load.start({ ratePerShard: message.rate, durationMs: message.durationMs })
  void run.done.then(() => process.send!({ sent: run.sent }))
})
