// The public surface of @shardwire/simulator. Named exports only: anything not listed here is internal.

// Starting it
export { startSimulator, GatewaySimulator } from './start-simulator.js'
export type { DispatchTarget, RestartOptions } from './start-simulator.js'
export type { SimulatorOptions, ResolvedOptions } from './simulator-options.js'
export type { Clock } from './clock.js'
export type { SimulatorEventMap, ReadyEvent, DispatchEvent, RestartEvent } from './simulator-events.js'

// Records
export type { SimulatorRecords } from './records/recorder.js'
export type {
  ClosedBy,
  ConnectionRecord,
  DispatchRecord,
  FaultRecord,
  FaultTarget,
  HeartbeatRecord,
  IdentifyOutcome,
  IdentifyRecord,
  ResumeOutcome,
  ResumeRecord,
  SessionRecord,
  ViolationRecord,
} from './records/record-types.js'

// Faults and load
export { FaultInjector } from './faults/fault-injector.js'
export type { RandomFaultOptions, RandomFaults, ScheduledFault } from './faults/fault-injector.js'
export type { Fault, FaultKind } from './faults/fault.js'
export { LoadGenerator } from './load/load-generator.js'
export type { LoadOptions, LoadRun } from './load/load-generator.js'
export type { LoadEventName, LoadMix } from './load/shard-stream.js'

// Protocol rules (pure, usable on their own)
export { closeCodes, closeEndsSession, clientCloseEndsSession, isSendableCloseCode } from './rules/close-codes.js'
export type { CloseCodeName } from './rules/close-codes.js'
export { opcodes } from './rules/opcodes.js'
export { intents, knownIntentsMask, privilegedIntentsMask, dispatchIntents } from './rules/intents.js'
export { violationRules, violationKinds } from './rules/violations.js'
export type { ViolationKind } from './rules/violations.js'
export { parseGatewayQuery } from './rules/gateway-query.js'
export type { GatewayQuery, TransportCompression } from './rules/gateway-query.js'
export { shardForGuild } from './rules/guild-routing.js'
export { identifyBucket } from './rules/identify-bucket.js'
export type { SessionStartLimit } from './rules/session-start-budget.js'
export type { SendRateMode } from './rules/send-rate-window.js'
export type { ZstdBackend } from './compression/zstd-stream-compressor.js'
// The server side of transport compression, shared with benchmarks/ (pnpm tune builds its streams with it)
export { createCompressor } from './compression/create-compressor.js'
export type { Compressor } from './compression/compressor.js'

// The seeded corpus, shared with benchmarks/
export {
  createRandom,
  createGuild,
  largeGuildOptions,
  buildDispatch,
  dispatchNames,
  buildGuildCreate,
  buildMixedStream,
  buildMixedStreamWithGuilds,
  defaultMix,
  toDispatchPayload,
} from './corpus/index.js'
export type {
  Random,
  CorpusGuild,
  CreateGuildOptions,
  CorpusDispatch,
  DispatchName,
  GuildCreateData,
  GuildCreateOptions,
  MixedStream,
  MixedStreamOptions,
} from './corpus/index.js'
