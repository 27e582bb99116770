import {
  DecodeError,
  DecompressionError,
  errorCodes,
  InvalidOptionError,
  ShardFatalCloseError,
  ShardwireError,
  type DecodeErrorCode,
  type DecompressionErrorCode,
  type ShardwireErrorCode,
} from '@shardwire/core'

/**
 * An error as it crosses the worker bridge: plain data, because structured clone keeps only
 * `message` of an `Error` and drops its class and fields. Rebuilt by {@link fromErrorData}.
 */
export interface ErrorData {
  /** Marks the object as an error that crossed the bridge. */
  readonly shardwireError: true
  /** The error's code, so the other side rebuilds the same `ShardwireError`. */
  readonly code: ShardwireErrorCode
  /** The error's message. */
  readonly message: string
  /** The class name on the side that threw, for diagnostics. */
  readonly name: string
  /** The stack on the side that threw, kept for debugging. */
  readonly stack?: string
  /** `DecodeError.offset`. */
  readonly offset?: number
  /** `InvalidOptionError.option`. */
  readonly option?: string
  /** `ShardFatalCloseError.closeCode`. */
  readonly closeCode?: number
}

/** Which class rebuilds which code; a code with no entry becomes a plain `ShardwireError`. */
type ErrorKind = 'decode' | 'decompression' | 'option' | 'fatal-close' | 'plain'

const rebuilders = {
  decode: (data) => {
    const offset = data.offset ?? 0
    // DecodeError appends the offset to its message: strip it so that it is not doubled.
    const suffix = ` (at byte ${offset})`
    const message = data.message.endsWith(suffix) ? data.message.slice(0, -suffix.length) : data.message
    return new DecodeError(data.code as DecodeErrorCode, message, offset)
  },
  decompression: (data) => new DecompressionError(data.code as DecompressionErrorCode, data.message),
  option: (data) => withMessage(new InvalidOptionError(data.option ?? 'unknown', data.message), data.message),
  'fatal-close': (data) => withMessage(new ShardFatalCloseError(data.closeCode ?? 0), data.message),
  plain: (data) => new ShardwireError(data.code, data.message),
} as const satisfies Record<ErrorKind, (data: ErrorData) => ShardwireError>

function kindOf(code: ShardwireErrorCode): ErrorKind {
  if (code === 'INVALID_OPTION') return 'option'
  if (code === 'SHARD_FATAL_CLOSE') return 'fatal-close'
  if (code.startsWith('DECOMPRESS_')) return 'decompression'
  if (code.startsWith('ETF_') || code === 'JSON_INVALID' || code === 'PAYLOAD_INVALID') return 'decode'
  return 'plain'
}

function withMessage<E extends ShardwireError>(error: E, message: string): E {
  error.message = message
  return error
}

/**
 * Turns anything thrown into {@link ErrorData}. A foreign error becomes `RPC_REMOTE_ERROR`
 * with its message. `redact` scrubs secrets (the token) from messages and stacks.
 */
export function toErrorData(error: unknown, redact: (text: string) => string = (text) => text): ErrorData {
  if (error instanceof ShardwireError) {
    const fields = error as ShardwireError & { offset?: unknown; option?: unknown; closeCode?: unknown }
    return {
      shardwireError: true,
      code: error.code,
      message: redact(error.message),
      name: error.name,
      ...(error.stack === undefined ? {} : { stack: redact(error.stack) }),
      ...(typeof fields.offset === 'number' ? { offset: fields.offset } : {}),
      ...(typeof fields.option === 'string' ? { option: fields.option } : {}),
      ...(typeof fields.closeCode === 'number' ? { closeCode: fields.closeCode } : {}),
    }
  }
  const name = error instanceof Error ? error.name : typeof error
  const message = error instanceof Error ? error.message : String(error)
  return {
    shardwireError: true,
    code: 'RPC_REMOTE_ERROR',
    message: redact(`${name}: ${message}`),
    name,
    ...(error instanceof Error && error.stack !== undefined ? { stack: redact(error.stack) } : {}),
  }
}

/** Whether `value` is {@link ErrorData} with a known code. */
export function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false
  const { shardwireError, code, message } = value as Record<string, unknown>
  return shardwireError === true && typeof code === 'string' && Object.hasOwn(errorCodes, code) && typeof message === 'string'
}

/** Rebuilds the error class `data.code` belongs to, with its fields; the remote stack is appended to the local one. */
export function fromErrorData(data: ErrorData): ShardwireError {
  const error = rebuilders[kindOf(data.code)](data)
  if (data.stack !== undefined) error.stack = `${error.stack ?? ''}\n    --- on the other side of the worker bridge ---\n${data.stack}`
  return error
}
