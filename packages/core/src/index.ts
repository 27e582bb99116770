// The public surface of @shardwire/core. Named exports only: anything not listed here is internal.

// Errors
export { errorCodes, ShardwireError, DecodeError, DecompressionError, InvalidOptionError } from './errors.js'
export type { ShardwireErrorCode, DecodeErrorCode, DecompressionErrorCode } from './errors.js'

// Payloads
export type { GatewayPayload } from './gateway-payload.js'

// Encodings
export type { Encoding, EncodingName } from './encoding/encoding.js'
export { jsonEncoding, decodeJson, encodeJson } from './encoding/json-encoding.js'
// (etf exports)

// Compression
export type { Compression, Decompressor, DecompressorOptions } from './compression/decompressor.js'
// (compression exports)
