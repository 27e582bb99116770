/**
 * Every failure shardwire surfaces is a {@link ShardwireError} with a stable, literal `code`.
 * Callers branch on `code` (or on the few subclasses); messages are for humans and may change.
 *
 * The table below is the documentation of every code: a test fails when a code is thrown
 * somewhere but missing here, or listed here but never asserted by a test.
 */
export const errorCodes = {
  // Decoding (encodings)
  ETF_BAD_VERSION: 'An ETF message did not start with the version byte 131.',
  ETF_UNEXPECTED_END: 'An ETF term ended before its declared length (truncated input).',
  ETF_UNKNOWN_TAG: 'An ETF term used a tag this decoder does not know.',
  ETF_INVALID_UTF8: 'An ETF binary or UTF-8 atom held bytes that are not valid UTF-8.',
  ETF_TOO_DEEP: 'ETF terms were nested deeper than the decoder allows (a stack-exhaustion guard).',
  ETF_TRAILING_BYTES: 'Bytes were left over after the top-level ETF term.',
  ETF_BAD_COMPRESSED: 'A compressed ETF term (tag 80) could not be inflated to its declared size.',
  ETF_TOO_LARGE: 'An ETF term declared a size beyond the decoder limit.',
  ETF_UNENCODABLE: 'A value cannot be written as ETF (a function, a symbol, a cycle, a non-finite number).',
  ETF_MALFORMED: 'A complete ETF term has no JSON shape: an improper list, a non-numeric FLOAT_EXT, a list/tuple/map as a map key.',
  JSON_INVALID: 'A JSON message was not valid JSON or not valid UTF-8.',
  PAYLOAD_INVALID: 'A decoded message was not a gateway payload `{ op, d, s, t }`.',
  // Decompression (transport and payload compression)
  DECOMPRESS_CORRUPT: 'Compressed data was corrupt; the context must be reset before further use.',
  DECOMPRESS_LIMIT: 'A message inflated (or buffered) beyond the configured size limit: a decompression bomb guard.',
  DECOMPRESS_NEEDS_RESET: 'A decompressor was used after an error without calling reset().',
  DECOMPRESS_UNAVAILABLE: 'The requested compression has no backend on this runtime.',
  // Options
  INVALID_OPTION: 'An option failed validation; the message names the option and what it accepts.',
  // Shard (gateway connection)
  SHARD_FATAL_CLOSE: 'The gateway closed with a code that forbids reconnecting (4004, 4010-4014); the shard stopped. See `closeCode`.',
  SHARD_CLOSED: 'The shard was closed, or stopped on a fatal close, before a queued send or a connect() could complete.',
  SHARD_NOT_CONNECTED: 'The connection was not there: ping() without a live connection or closed before the ACK, or a send() written as the socket closed.',
  SEND_QUEUE_FULL: 'send() was called while the bounded queue of sends waiting for READY or for the rate limit was full.',
  PAYLOAD_TOO_LARGE: 'A payload encoded to more than the 4096 bytes the gateway accepts; it was not sent.',
  PAYLOAD_UNENCODABLE: 'A payload passed to send() could not be encoded (a cycle, a BigInt, a function).',
  IDENTIFY_TIMEOUT: 'An identify permit was not granted within the time bound the shard asked for.',
  IDENTIFY_CANCELLED: 'A wait for an identify permit was cancelled through its AbortSignal.',
  IDENTIFY_FAILED: 'An IdentifyQueue implementation failed with an error of its own (see `cause`); the shard retries after a backoff.',
  SESSION_STORE_FAILED: 'A retrieveSessionInfo or updateSessionInfo hook threw or rejected; the shard carried on without it.',
  // Workers and the bridge (@shardwire/worker, @shardwire/manager)
  RPC_TIMEOUT: 'A call across the worker bridge got no answer within its time bound.',
  WORKER_DIED: 'A worker exited or crashed while a call to it (or from it) was pending, or was called after it stopped.',
  RPC_REMOTE_ERROR: 'The other side of the worker bridge failed with an error that is not a ShardwireError (see the message).',
  SHARD_NOT_FOUND: 'A shard id was used that this worker or manager does not run.',
  GATEWAY_FETCH_FAILED: 'GET /gateway/bot failed or answered something unusable, so the manager could not plan its shards.',
  MANAGER_DESTROYED: 'The manager was used after destroy(), or destroyed while connect() was waiting.',
  WORKER_RESTART_LIMIT: 'A worker died more often than `workerRestart.maxRestarts` allows within its window; the manager stopped restarting it.',
  WORKER_MODULE_FAILED: 'The handlers module could not be loaded in a worker, or does not default-export an object of handler functions.',
  HANDLER_FAILED: 'A handler of the handlers module threw or rejected inside a worker; other events and handlers carry on.',
  CAPTURE_WRITE_FAILED: 'A frame capture file could not be created or written; recording stopped (the shards carry on).',
  CAPTURE_INVALID: 'A frame capture file could not be read, or is not a shardwire capture (the message names the line).',
  // Metrics (@shardwire/metrics)
  METRICS_LISTEN_FAILED: 'The metrics server could not listen on its host and port (in use, not permitted, no such address); see `cause`.',
  // Simulator (@shardwire/simulator)
  SIMULATOR_CLOSED: 'The simulator was used after close(), or while it was not listening.',
  SIMULATOR_COMPRESS_UNAVAILABLE: 'The simulator has no compressor for the requested transport compression on this runtime.',
  // Redis (@shardwire/redis)
  REDIS_UNAVAILABLE: 'Redis could not be reached (or did not answer) within `connectTimeoutMs` at start; nothing was started.',
  REDIS_COMMAND_FAILED: 'A Redis command failed mid-run (see `cause`); identify waits retry it with backoff, session writes keep it for the next flush.',
  REDIS_CLOSED: 'A Redis-backed queue or store was used after close(), or closed while a wait was pending.',
  OWNERSHIP_HANDOVER_FAILED: 'A shard hand-over was abandoned because `beforeRelease` rejected or outlasted `beforeReleaseTimeoutMs`; the shard stays with its owner.',
} as const satisfies Record<string, string>

/** A stable code identifying a kind of shardwire failure. See {@link errorCodes}. */
export type ShardwireErrorCode = keyof typeof errorCodes

/**
 * The base class of every error shardwire throws or emits.
 * @typeParam C - the literal code (or union of codes) this error can carry
 */
export class ShardwireError<C extends ShardwireErrorCode = ShardwireErrorCode> extends Error {
  /** Stable identifier of the failure; branch on this, not on `message`. */
  readonly code: C

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }

  /** The subclass's name (`DecodeError`, `ShardFatalCloseError`…), so stack traces and logs say which kind failed. */
  override get name(): string {
    return this.constructor.name
  }
}

/** Codes a {@link DecodeError} can carry. */
export type DecodeErrorCode = Extract<ShardwireErrorCode, `ETF_${string}` | 'JSON_INVALID' | 'PAYLOAD_INVALID'>

/** Bytes or text could not be turned into (or from) a gateway payload. */
export class DecodeError extends ShardwireError<DecodeErrorCode> {
  /** Byte offset in the input where decoding failed (0 when unknown). */
  readonly offset: number

  constructor(code: DecodeErrorCode, message: string, offset: number, options?: { cause?: unknown }) {
    super(code, `${message} (at byte ${offset})`, options)
    this.offset = offset
  }
}

/** Codes a {@link DecompressionError} can carry. */
export type DecompressionErrorCode = Extract<ShardwireErrorCode, `DECOMPRESS_${string}`>

/**
 * Compressed input could not be inflated. After one of these, the decompressor reports
 * `needsReset` and rejects input until `reset()`: a stream context that saw corrupt data
 * cannot be trusted, so the connection must be replaced.
 */
export class DecompressionError extends ShardwireError<DecompressionErrorCode> {}

/** An option failed validation. The message names the option, the value's problem and what is accepted. */
export class InvalidOptionError extends ShardwireError<'INVALID_OPTION'> {
  /** The option's path, such as `shardsPerWorker` or `identifyProperties.os`. */
  readonly option: string

  constructor(option: string, problem: string) {
    super('INVALID_OPTION', `Invalid option \`${option}\`: ${problem}`)
    this.option = option
  }
}
