/**
 * Cuts one compressed message into frames of at most `maxFrameBytes` (0: one frame), as
 * Discord may do with zlib-stream: the client must buffer until the `00 00 ff ff` suffix.
 */
export function splitFrames(message: Uint8Array, maxFrameBytes: number): Uint8Array[] {
  if (maxFrameBytes <= 0 || message.length <= maxFrameBytes) return [message]
  const frames: Uint8Array[] = []
  for (let offset = 0; offset < message.length; offset += maxFrameBytes) {
    frames.push(message.subarray(offset, offset + maxFrameBytes))
  }
  return frames
}
