/**
 * Time a shard spent turning received frames into payloads, since it was created: the
 * decompressor's `push` and the encoding's `decode`, measured around each call.
 */
export interface PayloadTimings {
  /** Frames given to the decompressor. */
  readonly frames: number
  /** Microseconds spent in the decompressor, over all frames. */
  readonly decompressMicros: number
  /** Whole messages given to the encoding (a frame may end no message, under zlib-stream). */
  readonly messages: number
  /** Microseconds spent decoding, over all messages. */
  readonly decodeMicros: number
}

/**
 * The running totals behind {@link PayloadTimings}, one per shard, outliving its connections.
 * Two `performance.now()` pairs per frame (well under a microsecond) buy an honest per-event cost.
 */
export class PayloadTimer implements PayloadTimings {
  frames = 0
  decompressMicros = 0
  messages = 0
  decodeMicros = 0

  /** A copy of the totals so far. */
  snapshot(): PayloadTimings {
    return { frames: this.frames, decompressMicros: this.decompressMicros, messages: this.messages, decodeMicros: this.decodeMicros }
  }
}
