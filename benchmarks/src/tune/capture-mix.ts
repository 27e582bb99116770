import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { createDecompressor, etfEncoding, jsonEncoding, ShardwireError, type GatewayPayload } from '@shardwire/core'
import { readFrameCapture, type FrameCaptureSegment } from '@shardwire/worker'

/** The real event mix read back from capture files. */
export interface CaptureMix {
  readonly files: string[]
  /** Every payload decoded, in file order. */
  readonly payloads: GatewayPayload[]
  readonly frames: number
  /** Encodings and compressions the traffic was recorded with (`json/zlib-stream`…), with frame counts. */
  readonly recordedAs: Record<string, number>
  /** Streams whose decoding stopped early (the capture cut mid-message, corrupt bytes), with why. */
  readonly brokenStreams: string[]
}

const escape = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

/**
 * The files `--capture` names: a pattern with `*` in its file name, an existing file, or a base
 * path whose `<path>.w<workerId>` files a manager wrote. Empty when nothing matches.
 */
export function findCaptureFiles(spec: string): string[] {
  const path = resolve(spec)
  const dir = dirname(path)
  const name = basename(path)
  const list = (pattern: RegExp): string[] =>
    existsSync(dir) ? readdirSync(dir).filter((file) => pattern.test(file)).sort(naturally).map((file) => join(dir, file)).filter((file) => statSync(file).isFile()) : []
  if (name.includes('*')) return list(new RegExp(`^${name.split('*').map(escape).join('.*')}$`))
  if (existsSync(path) && statSync(path).isFile()) return [path]
  return list(new RegExp(`^${escape(name)}\\.w\\d+$`))
}

// `.w2` before `.w10`.
function naturally(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

const nameOf = (payload: GatewayPayload): string => (payload.op === 0 && typeof payload.t === 'string' ? payload.t : `op ${payload.op}`)

/**
 * Reads capture files and decodes every frame with the encoding and compression it was recorded
 * with, one decompressor per (segment, shard, connection) stream, as the shard did.
 * @throws ShardwireError `CAPTURE_INVALID` for a file that is not a capture
 */
export function readCaptureMix(files: readonly string[]): CaptureMix {
  const payloads: GatewayPayload[] = []
  const recordedAs: Record<string, number> = {}
  const brokenStreams: string[] = []
  let frames = 0
  for (const file of files) {
    const segments: FrameCaptureSegment[] = readFrameCapture(file)
    segments.forEach((segment, index) => {
      const { encoding: encodingName, compression } = segment.header
      const encoding = encodingName === 'json' ? jsonEncoding : etfEncoding
      const kind = `${encodingName}/${compression}`
      recordedAs[kind] = (recordedAs[kind] ?? 0) + segment.frames.length
      frames += segment.frames.length
      const streams = new Map<string, { decompressor: ReturnType<typeof createDecompressor>; broken: boolean }>()
      for (const frame of segment.frames) {
        const key = `${frame.shardId}/${frame.connection}`
        let stream = streams.get(key)
        if (stream === undefined) {
          const output = encodingName === 'json' ? 'string' : 'bytes'
          stream = { decompressor: compression === 'none' ? createDecompressor('none') : createDecompressor(compression, { output }), broken: false }
          streams.set(key, stream)
        }
        if (stream.broken) continue
        try {
          const message = stream.decompressor.push(frame.data)
          if (message !== null) payloads.push(encoding.decode(message))
        } catch (error) {
          // The rest of a broken stream cannot be decompressed; the other streams go on.
          stream.broken = true
          const why = error instanceof ShardwireError ? error.code : String(error)
          brokenStreams.push(`${basename(file)} segment ${index + 1}, shard ${frame.shardId} connection ${frame.connection}: ${why}`)
        }
      }
      for (const { decompressor } of streams.values()) decompressor.close()
    })
  }
  return { files: [...files], payloads, frames, recordedAs, brokenStreams }
}

/** The `top` most frequent event names (dispatch `t`, or `op N` for other opcodes), with counts. */
export function topNames(payloads: readonly GatewayPayload[], top = 5): Array<{ name: string; count: number }> {
  const counts = new Map<string, number>()
  for (const payload of payloads) counts.set(nameOf(payload), (counts.get(nameOf(payload)) ?? 0) + 1)
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, top)
}

/** At most `max` payloads spread evenly over the whole list (every k-th), so the mix keeps its shape. */
export function samplePayloads<T>(payloads: readonly T[], max: number): T[] {
  if (payloads.length <= max) return [...payloads]
  const step = payloads.length / max
  return Array.from({ length: max }, (_, i) => payloads[Math.floor(i * step)] as T)
}
