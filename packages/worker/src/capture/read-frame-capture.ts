import { readFileSync } from 'node:fs'
import { ShardwireError, type Compression, type EncodingName } from '@shardwire/core'
import { frameCaptureFormat, frameCaptureVersion, type CapturedFrame, type FrameCaptureHeader, type FrameCaptureSegment } from './frame-capture-format.js'

const encodings: readonly EncodingName[] = ['json', 'etf']
const compressions: readonly Compression[] = ['none', 'payload', 'zlib-stream', 'zstd-stream']

function invalid(source: string, line: number, message: string): ShardwireError {
  return new ShardwireError('CAPTURE_INVALID', `${source}, line ${line}: ${message}`)
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0

function readHeader(value: Record<string, unknown>, source: string, line: number): FrameCaptureHeader {
  if (value.version !== frameCaptureVersion) throw invalid(source, line, `capture version ${String(value.version)} is not supported (this reader knows version ${frameCaptureVersion})`)
  const { encoding, compression, node, workerId, run, startedAt } = value
  if (!encodings.includes(encoding as EncodingName)) throw invalid(source, line, `unknown encoding ${JSON.stringify(encoding)}`)
  if (!compressions.includes(compression as Compression)) throw invalid(source, line, `unknown compression ${JSON.stringify(compression)}`)
  if (typeof node !== 'string' || typeof startedAt !== 'string') throw invalid(source, line, 'the header needs `node` and `startedAt` strings')
  if (workerId !== undefined && !isCount(workerId)) throw invalid(source, line, '`workerId` must be an integer >= 0')
  if (run !== undefined && typeof run !== 'string') throw invalid(source, line, '`run` must be a string')
  return {
    format: frameCaptureFormat,
    version: frameCaptureVersion,
    encoding: encoding as EncodingName,
    compression: compression as Compression,
    node,
    ...(workerId === undefined ? {} : { workerId: workerId as number }),
    ...(run === undefined ? {} : { run: run as string }),
    startedAt,
  }
}

function readFrame(value: Record<string, unknown>, source: string, line: number): CapturedFrame {
  const { shard, connection, at, binary, length, data } = value
  if (!isCount(shard) || !isCount(connection) || typeof at !== 'number' || typeof binary !== 'boolean' || !isCount(length) || typeof data !== 'string') {
    throw invalid(source, line, 'a frame needs `shard`, `connection`, `at`, `binary`, `length` and base64 `data`')
  }
  const bytes = Buffer.from(data, 'base64')
  if (bytes.byteLength !== length) throw invalid(source, line, `the frame holds ${bytes.byteLength} bytes, its length says ${length}`)
  return { shardId: shard, connection, at, data: binary ? bytes : bytes.toString('utf8') }
}

/**
 * Parses the text of a frame capture (see {@link FrameCaptureHeader} for the format) into its
 * segments. A last line cut short (a process killed mid-write) is ignored; anything else that
 * is not a header or a frame is an error.
 * @param source - names the capture in error messages
 * @throws ShardwireError `CAPTURE_INVALID` naming the line at fault
 */
export function parseFrameCapture(text: string, source = 'capture'): FrameCaptureSegment[] {
  const lines = text.split('\n')
  const complete = text.endsWith('\n') ? lines.length - 1 : lines.length
  const segments: Array<{ header: FrameCaptureHeader; frames: CapturedFrame[] }> = []
  for (let i = 0; i < complete; i++) {
    const line = lines[i] as string
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      if (i === lines.length - 1) break
      throw invalid(source, i + 1, 'not a JSON line')
    }
    if (!isRecord(value)) throw invalid(source, i + 1, 'expected a JSON object')
    if (value.format !== undefined) {
      if (value.format !== frameCaptureFormat) throw invalid(source, i + 1, `not a shardwire capture (format ${JSON.stringify(value.format)})`)
      segments.push({ header: readHeader(value, source, i + 1), frames: [] })
      continue
    }
    const segment = segments.at(-1)
    if (segment === undefined) throw invalid(source, i + 1, 'a frame before any capture header: not a shardwire capture')
    segment.frames.push(readFrame(value, source, i + 1))
  }
  if (segments.length === 0) throw invalid(source, 1, 'no capture header: empty, or not a shardwire capture')
  return segments
}

/**
 * Reads a frame capture file written by a {@link FrameCaptureWriter} (or by a manager's
 * `capture` option, one file per worker).
 * @throws ShardwireError `CAPTURE_INVALID` when the file cannot be read or is not a capture
 */
export function readFrameCapture(path: string): FrameCaptureSegment[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new ShardwireError('CAPTURE_INVALID', `The frame capture ${path} could not be read: ${(cause as Error).message}`, { cause })
  }
  return parseFrameCapture(text, path)
}
