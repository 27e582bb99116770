#!/usr/bin/env node
// The `shardwire-simulator` command: starts a simulator and prints its URLs until stopped.
// Options come from the environment, so CI scripts can set them without flags:
// SHARDWIRE_SIM_PORT, SHARDWIRE_SIM_TOKEN, SHARDWIRE_SIM_SHARDS, SHARDWIRE_SIM_MAX_CONCURRENCY,
// SHARDWIRE_SIM_SEED, SHARDWIRE_SIM_HEARTBEAT_MS, SHARDWIRE_SIM_GUILDS, SHARDWIRE_SIM_LOAD_RATE.
import process from 'node:process'
import { ShardwireError } from '@shardwire/core'
import { startSimulator } from './start-simulator.js'
import type { SimulatorOptions } from './simulator-options.js'

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isFinite(value)) {
    console.error(`${name} must be a number, got ${JSON.stringify(raw)}`)
    process.exit(2)
  }
  return value
}

async function main(): Promise<void> {
  const options: SimulatorOptions = {}
  const set = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value
  }
  set('port', numberFromEnv('SHARDWIRE_SIM_PORT'))
  set('token', process.env['SHARDWIRE_SIM_TOKEN'] || undefined)
  set('shards', numberFromEnv('SHARDWIRE_SIM_SHARDS'))
  set('maxConcurrency', numberFromEnv('SHARDWIRE_SIM_MAX_CONCURRENCY'))
  set('seed', numberFromEnv('SHARDWIRE_SIM_SEED'))
  set('heartbeatIntervalMs', numberFromEnv('SHARDWIRE_SIM_HEARTBEAT_MS'))
  set('guilds', numberFromEnv('SHARDWIRE_SIM_GUILDS'))
  const loadRate = numberFromEnv('SHARDWIRE_SIM_LOAD_RATE')

  const sim = await startSimulator(options)
  sim.on('ready', (e) => console.log(`READY    shard [${e.shard.join(', ')}] session ${e.sessionId}`))
  sim.on('resume', (r) => console.log(`RESUME   session ${r.sessionId} seq ${r.seq}: ${r.outcome}`))
  sim.on('violation', (v) => console.log(`VIOLATION ${v.kind} on connection ${v.connectionId}: ${v.detail}`))
  console.log('shardwire simulator')
  console.log(`  REST      ${sim.restUrl}/gateway/bot   (Authorization: Bot ${sim.options.token})`)
  console.log(`  gateway   ${sim.gatewayUrl}/?v=10&encoding=json`)
  console.log(`  resume    ${sim.resumeGatewayUrl}`)
  console.log(`  shards ${sim.options.shards}, max_concurrency ${sim.options.maxConcurrency}, ${sim.guilds.length} guilds`)
  if (loadRate !== undefined && loadRate > 0) {
    sim.load.start({ ratePerShard: loadRate })
    console.log(`  load      ${loadRate} events/s per shard`)
  }
  console.log('Press Ctrl+C to stop.')

  const stop = (signal: string): void => {
    console.log(`\n${signal}: closing`)
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(error instanceof ShardwireError ? `${error.code}: ${error.message}` : error)
  process.exit(1)
})
