import type { GatewayIdentifyProperties, GatewayPresenceUpdateData } from 'discord-api-types/v10'
import type { Compression } from '../compression/decompressor.js'
import type { Encoding } from '../encoding/encoding.js'
import type { BackoffOptions } from './backoff.js'
import type { IdentifyQueue } from './identify-queue.js'
import type { SendLimit } from './send-limiter.js'
import type { RetrieveSessionInfo, UpdateSessionInfo } from './session-info.js'

/** How long each step of a connection may take before the shard drops it and tries again. */
export interface ShardTimeouts {
  /**
   * From asking for the socket to its opening.
   * @defaultValue 15000
   */
  connectMs?: number
  /**
   * From the socket opening to HELLO.
   * @defaultValue 20000
   */
  helloMs?: number
  /**
   * From identify to READY.
   * @defaultValue 15000
   */
  readyMs?: number
  /**
   * From resume to RESUMED, restarted by every replayed event so a long replay is not cut off.
   * @defaultValue 15000
   */
  resumedMs?: number
  /**
   * How long a close handshake may take before the socket is destroyed.
   * @defaultValue 5000
   */
  closeMs?: number
  /**
   * How long to wait for an identify permit (the identify queue's time bound). Large bots
   * wait for many buckets at start-up: 1,000 shards at `max_concurrency` 16 take about 5 minutes.
   * @defaultValue 900000 (15 minutes)
   */
  identifyMs?: number
}

/** Options of a {@link Shard}. Every option is validated by the constructor. */
export interface ShardOptions {
  /** The bot token, without the `Bot ` prefix. Never appears in any event, error or debug line. */
  token: string
  /** This shard's id, in `[0, shardCount)`. */
  shardId: number
  /** The bot's total shard count. */
  shardCount: number
  /** Gateway intents, a bit field. */
  intents: number
  /**
   * The gateway URL from `GET /gateway/bot`.
   * @defaultValue 'wss://gateway.discord.gg'
   */
  gatewayUrl?: string
  /**
   * The wire encoding: `jsonEncoding` or `etfEncoding`.
   * @defaultValue jsonEncoding
   */
  encoding?: Encoding
  /**
   * Transport (`zlib-stream`, `zstd-stream`) or payload compression. `payload` needs the JSON encoding.
   * @defaultValue 'none'
   */
  compression?: Compression
  /**
   * Largest message after decompression, in bytes: a decompression-bomb guard.
   * @defaultValue 134217728 (128 MiB)
   */
  maxMessageBytes?: number
  /**
   * `properties` of identify.
   * @defaultValue `{ os: process.platform, browser: 'shardwire', device: 'shardwire' }`
   */
  identifyProperties?: Partial<GatewayIdentifyProperties>
  /**
   * `large_threshold` of identify, 50 to 250.
   * @defaultValue 50
   */
  largeThreshold?: number
  /** `presence` of identify. */
  presence?: GatewayPresenceUpdateData
  /**
   * Grants identify permits across shards.
   * @defaultValue a `LocalIdentifyQueue` with `maxConcurrency: 1`, private to this shard
   */
  identifyQueue?: IdentifyQueue
  /**
   * Loads a saved session at `connect()`.
   * @defaultValue what this shard last saved, kept in memory
   */
  retrieveSessionInfo?: RetrieveSessionInfo
  /**
   * Saves the session (on a timer, on each close and on `close()`), or forgets it with `null`.
   * @defaultValue none: the session is kept in memory only
   */
  updateSessionInfo?: UpdateSessionInfo
  /**
   * How often the session is saved while it moves.
   * @defaultValue 10000
   */
  sessionSaveIntervalMs?: number
  /** Step timeouts. */
  timeouts?: ShardTimeouts
  /** Reconnect backoff. */
  backoff?: BackoffOptions
  /**
   * The wait before identifying anew after a lost session.
   * @defaultValue `{ minMs: 1000, maxMs: 5000 }`, as Discord asks after op 9
   */
  reidentifyDelay?: { minMs?: number; maxMs?: number }
  /**
   * Failed attempts to resume one session (including attempts whose socket never opened)
   * before giving it up and identifying anew on the main URL. With the default backoff,
   * 5 attempts ride out about 15 to 30 s of unreachable gateway.
   * @defaultValue 5
   */
  maxResumeFailures?: number
  /**
   * User sends that may wait for READY or for the rate limit (at least 1); past it `send()`
   * rejects with `SEND_QUEUE_FULL`.
   * @defaultValue 1000
   */
  maxQueuedSends?: number
  /**
   * The gateway send limit per connection.
   * @defaultValue 120 per 60000 ms
   */
  sendLimit?: SendLimit
  /**
   * Numbers in `[0, 1)` for jitter; inject a seeded one for reproducible tests.
   * @defaultValue Math.random
   */
  random?: () => number
  /**
   * Called with every frame received, before decompression: bytes for binary frames, text for
   * text frames, and the shard's connection number (it grows by one per socket; a zlib or zstd
   * stream only decompresses from the first frame of its connection). Only received frames
   * are seen, so the token (sent in IDENTIFY) never passes through it. A hook that throws is
   * rethrown outside the shard, as an uncaught exception. Used by the worker's frame capture.
   * @defaultValue none
   */
  onFrame?: (frame: Uint8Array | string, connection: number) => void
}
