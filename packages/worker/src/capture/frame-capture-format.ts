import type { Compression, EncodingName } from '@shardwire/core'

/**
 * The first line of a frame capture (and of each later segment of the same file).
 *
 * A capture is NDJSON, one JSON object per line, UTF-8:
 *
 * ```text
 * {"format":"shardwire-capture","version":1,"encoding":"json","compression":"zlib-stream","node":"v20.20.2","workerId":0,"startedAt":"2026-11-22T21:00:00.000Z"}
 * {"shard":0,"connection":1,"at":12,"binary":true,"length":182,"data":"eJyq…"}
 * {"shard":0,"connection":1,"at":57,"binary":true,"length":31,"data":"…"}
 * ```
 *
 * - The header says how every frame after it was sent: the gateway `encoding`, the shard's
 *   `compression` (`none`, `payload`, `zlib-stream`, `zstd-stream`), the Node version and worker
 *   that recorded it. A file may hold several segments, each starting with a header (a worker
 *   restarted by its manager continues its file with a new segment).
 * - Each frame line is one WebSocket frame exactly as received, before decompression: the
 *   shard id, the shard's connection number, milliseconds since `startedAt`, whether it was a
 *   binary frame (text frames are stored as their UTF-8 bytes), its byte length, and its bytes
 *   in base64. A zlib or zstd stream decompresses only from the first frame of its connection,
 *   hence the connection number; (segment, shard, connection) names one stream.
 * - Only received frames are recorded: the token travels in IDENTIFY, which is sent, so it is
 *   never in a capture. A capture is bounded (`maxBytes`): the writer stops at the first frame
 *   that would not fit, and never writes part of a line.
 */
export interface FrameCaptureHeader {
  readonly format: 'shardwire-capture'
  readonly version: 1
  readonly encoding: EncodingName
  readonly compression: Compression
  /** `process.version` of the recording runtime. */
  readonly node: string
  /** The worker that recorded it, when a manager did. */
  readonly workerId?: number
  /**
   * The recording run (one per manager): a restarted worker of the same run adds a segment to
   * its file instead of starting it anew.
   */
  readonly run?: string
  /** When recording started, as an ISO date. */
  readonly startedAt: string
}

/** One received frame of a capture. */
export interface CapturedFrame {
  readonly shardId: number
  /** The shard's connection number: frames of one stream share it. */
  readonly connection: number
  /** Milliseconds since the segment's `startedAt`. */
  readonly at: number
  /** The frame as received: bytes for a binary frame, text for a text frame. */
  readonly data: Uint8Array | string
}

/** One segment of a capture: a header and the frames recorded under it. */
export interface FrameCaptureSegment {
  readonly header: FrameCaptureHeader
  readonly frames: readonly CapturedFrame[]
}

/** The `format` value of a capture header. */
export const frameCaptureFormat = 'shardwire-capture'

/** The capture format version this package writes and reads. */
export const frameCaptureVersion = 1

/**
 * The file worker `workerId` of a manager with `capture: { path }` writes: `<path>.w<workerId>`.
 * Each worker writes its own file, so no frame crosses threads and no lock is needed.
 */
export function captureFilePath(path: string, workerId: number): string {
  return `${path}.w${workerId}`
}
