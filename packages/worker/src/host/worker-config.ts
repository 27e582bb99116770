import type { Compression, EncodingName, ShardOptions } from '@shardwire/core'
import type { EventFilter } from '../bridge/bridge-api.js'
import type { BridgePorts } from '../bridge/bridge-channels.js'

/** The shard options that are plain data, and so can be sent to a worker as they are. */
type CloneableShardOptionName =
  | 'token' | 'shardCount' | 'intents' | 'gatewayUrl' | 'maxMessageBytes' | 'identifyProperties' | 'largeThreshold'
  | 'presence' | 'sessionSaveIntervalMs' | 'timeouts' | 'backoff' | 'reidentifyDelay' | 'maxResumeFailures'
  | 'maxQueuedSends' | 'sendLimit'

/**
 * What every shard of a worker is created with: the cloneable `ShardOptions`, with the
 * encoding by name. The identify queue and the session hooks are the bridge's.
 */
export interface WorkerShardConfig extends Pick<ShardOptions, CloneableShardOptionName> {
  /**
   * The wire encoding.
   * @defaultValue 'json'
   */
  readonly encoding?: EncodingName
  /**
   * Transport or payload compression.
   * @defaultValue 'none'
   */
  readonly compression?: Compression
}

/** The `workerData` a worker host starts with. */
export interface WorkerData {
  /** The worker's id in its manager, for messages. */
  readonly workerId: number
  /** What each of its shards is created with. */
  readonly config: WorkerShardConfig
  /** The worker's ends of the bridge. */
  readonly ports: BridgePorts
  /** The dispatch names to forward from the start, or null for all. */
  readonly eventFilter: EventFilter
  /** The URL of the handlers module each worker imports, or null to deliver on the main thread only. */
  readonly handlersModule?: string | null
  /** Memory shared with the manager where handlers record their progress (see `HandledSequences`). */
  readonly handledSequences?: SharedArrayBuffer | null
  /** Cluster mode: each shard's lease deadline, written by the manager (see `LeaseFence`); null runs every shard unfenced. */
  readonly leaseDeadlines?: SharedArrayBuffer | null
  /**
   * How long a call to the manager may take (identify waits excepted).
   * @defaultValue 10000
   */
  readonly rpcTimeoutMs?: number
  /**
   * Least milliseconds between two event batches (see `EventBatcher`).
   * @defaultValue 2
   */
  readonly batchIntervalMs?: number
  /**
   * Records every received frame of this worker's shards to `captureFilePath(path, workerId)`,
   * at most `maxBytes` (see `FrameCaptureWriter`). A file of another `run` is started anew; a
   * restarted worker of the same run continues its file with a new segment.
   * @defaultValue null: nothing is recorded
   */
  readonly capture?: { readonly path: string; readonly maxBytes: number; readonly run?: string } | null
}
