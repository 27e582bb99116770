// The public surface of @shardwire/core. Named exports only: anything not listed here is internal.

// Errors
export { errorCodes, ShardwireError, DecodeError, DecompressionError, InvalidOptionError } from './errors.js'
export type { ShardwireErrorCode, DecodeErrorCode, DecompressionErrorCode } from './errors.js'

// Payloads
export type { GatewayPayload } from './gateway-payload.js'

// Encodings
export type { Encoding, EncodingName } from './encoding/encoding.js'
export { jsonEncoding, decodeJson, encodeJson } from './encoding/json-encoding.js'
export { etfEncoding, createEtfEncoding } from './encoding/etf/etf-encoding.js'
export { decodeEtf } from './encoding/etf/decode-etf.js'
export { encodeEtf } from './encoding/etf/etf-encoder.js'
export type { EtfDecodeOptions } from './encoding/etf/etf-decode-options.js'

// Compression
export type { Compression, Decompressor, DecompressorOptions } from './compression/decompressor.js'
export { createDecompressor } from './compression/create-decompressor.js'
export type { DecompressorOptionsByCompression } from './compression/create-decompressor.js'
export { ZlibStreamDecompressor } from './compression/zlib-stream-decompressor.js'
export type { ZlibStreamDecompressorOptions } from './compression/zlib-stream-decompressor.js'
export { ZstdStreamDecompressor } from './compression/zstd-stream-decompressor.js'
export type { ZstdStreamDecompressorOptions } from './compression/zstd-stream-decompressor.js'
export { PayloadDecompressor } from './compression/payload-decompressor.js'
export type { PayloadDecompressorOptions } from './compression/payload-decompressor.js'
export { PassthroughDecompressor } from './compression/passthrough-decompressor.js'
export type { PassthroughDecompressorOptions } from './compression/passthrough-decompressor.js'
export { zlibStreamBackends, zstdStreamBackends } from './compression/decompression-backends.js'
export type { ZlibStreamBackend, ZstdStreamBackend } from './compression/decompression-backends.js'
export type { DecompressedOutput } from './compression/decompressed-output.js'
export type { InflatingDecompressorOptions } from './compression/resolve-decompressor-options.js'

// (shard exports)
export { Shard } from './shard/shard.js'
export type { ShardOptions, ShardTimeouts } from './shard/shard-options.js'
export type {
  ShardEventMap, ShardDispatch, ShardOpenEvent, ShardCloseEvent, ShardReadyEvent, ShardResumedEvent,
  ShardHeartbeatEvent, ShardStatusEvent, ShardDebugEvent,
} from './shard/shard-events.js'
export { ShardFatalCloseError } from './shard/shard-fatal-close-error.js'
export { ShardMachine } from './shard/shard-machine.js'
export type { ShardMachineConfig, HandshakeTimeouts } from './shard/shard-machine-config.js'
export type { ShardState, ShardStatus, DisconnectReason, Session, ResumeTarget, Socket, Link } from './shard/shard-state.js'
export type { ShardInput, ReconnectMode } from './shard/shard-input.js'
export type { ShardEffect, ShardMachineEvent, TimerName } from './shard/shard-effect.js'
export { closeCodePolicy, closeAction, resumeCloseCode } from './shard/close-code-policy.js'
export type { CloseAction, KnownCloseCode } from './shard/close-code-policy.js'
export { GatewayOpcode } from './shard/gateway-opcodes.js'
export type { ReceiveOpcode } from './shard/gateway-opcodes.js'
export type { OutgoingPayload } from './shard/gateway-commands.js'
export { gatewayUrl, gatewayVersion, defaultGatewayUrl } from './shard/gateway-url.js'
export { SendLimiter, heartbeatReserve, defaultSendLimit } from './shard/send-limiter.js'
export type { SendLane, SendLimit } from './shard/send-limiter.js'
export { backoffDelay, defaultBackoff } from './shard/backoff.js'
export type { BackoffOptions } from './shard/backoff.js'
export type { IdentifyQueue, IdentifyWaitOptions } from './shard/identify-queue.js'
export { LocalIdentifyQueue } from './shard/local-identify-queue.js'
export type { LocalIdentifyQueueOptions } from './shard/local-identify-queue.js'
export type { Clock } from './shard/clock.js'
export { systemClock } from './shard/clock.js'
export type { SessionInfo, RetrieveSessionInfo, UpdateSessionInfo } from './shard/session-info.js'
export { maxPayloadBytes } from './shard/machine-commands.js'
