import type { Compression } from '../compression/decompressor.js'
import type { EncodingName } from '../encoding/encoding.js'
import type { BackoffOptions } from './backoff.js'
import type { IdentifyConfig, OutgoingPayload } from './gateway-commands.js'
import type { SendLimit } from './send-limiter.js'

/** How long each step of a connection may take, in milliseconds. */
export interface HandshakeTimeouts {
  /** From asking for the socket to its opening. */
  readonly connectMs: number
  /** From the socket opening to HELLO. */
  readonly helloMs: number
  /** From identify to READY. */
  readonly readyMs: number
  /** From resume to RESUMED; restarted by each replayed dispatch, so a long replay is not cut off. */
  readonly resumedMs: number
}

/**
 * Everything the machine needs, resolved and validated by the adapter (see `ShardOptions`
 * for the meaning and defaults of each). Time and randomness come in from outside.
 */
export interface ShardMachineConfig {
  readonly shardId: number
  readonly shardCount: number
  /** Kept by the machine in a private field; only ever written into identify and resume. */
  readonly token: string
  readonly identify: Omit<IdentifyConfig, 'shard'>
  readonly gatewayUrl: string
  readonly encoding: EncodingName
  readonly compression: Compression
  /** Encodes a payload for the wire; its output length is what the 4096-byte rule checks. */
  readonly encode: (payload: OutgoingPayload) => string | Uint8Array
  /** Numbers in `[0, 1)` for heartbeat and reconnect jitter. */
  readonly random: () => number
  readonly timeouts: HandshakeTimeouts
  readonly backoff: Required<BackoffOptions>
  /** The wait before identifying anew after a lost session ("Invalid Session": 1 to 5 s). */
  readonly reidentifyDelay: { readonly minMs: number; readonly maxMs: number }
  /** Failed attempts to resume one session before identifying anew on the main gateway URL. */
  readonly maxResumeFailures: number
  readonly sendLimit: Required<SendLimit>
  /** User sends that may wait for READY or for the rate limit. */
  readonly maxQueuedSends: number
  readonly sessionSaveIntervalMs: number
}
