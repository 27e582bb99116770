// The public surface of @shardwire/core. Named exports only: anything not listed here is internal.

// Errors
export { errorCodes, ShardwireError, DecodeError, DecompressionError, InvalidOptionError } from './errors.js'
export type { ShardwireErrorCode, DecodeErrorCode, DecompressionErrorCode } from './errors.js'
export { rethrowLater } from './rethrow-later.js'

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
// What shard users, workers and managers need. The machine, its rules and helpers (ShardMachine,
// closeCodePolicy, SendLimiter…) stay internal so they can change freely. backoffDelay is public
// on purpose: the manager's worker restarts use the same capped, jittered backoff.
export { Shard } from './shard/shard.js'
export type { PayloadTimings } from './shard/payload-timings.js'
export type { ShardOptions, ShardTimeouts } from './shard/shard-options.js'
export type {
  ShardEventMap, ShardDispatch, ShardOpenEvent, ShardCloseEvent, ShardReadyEvent, ShardResumedEvent,
  ShardHeartbeatEvent, ShardStatusEvent, ShardDebugEvent,
} from './shard/shard-events.js'
export { ShardFatalCloseError } from './shard/shard-fatal-close-error.js'
export type { ShardStatus, DisconnectReason } from './shard/shard-state.js'
export type { ReconnectMode } from './shard/shard-input.js'
export type { OutgoingPayload } from './shard/gateway-commands.js'
export { backoffDelay } from './shard/backoff.js'
export type { BackoffOptions } from './shard/backoff.js'
export type { SendLimit } from './shard/send-limiter.js'
export type { IdentifyQueue, IdentifyWaitOptions } from './shard/identify-queue.js'
export { LocalIdentifyQueue } from './shard/local-identify-queue.js'
export type { LocalIdentifyQueueOptions } from './shard/local-identify-queue.js'
export type { Clock } from './shard/clock.js'
export type { SessionInfo, RetrieveSessionInfo, UpdateSessionInfo } from './shard/session-info.js'
export { maxPayloadBytes } from './shard/machine-commands.js'
