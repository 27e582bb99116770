// The command line of `pnpm demo`: parsed and checked here, so that main.ts only wires things.
import { InvalidOptionError, type Compression, type EncodingName } from '@shardwire/core'

/** What the demo runs against: the in-process simulator, or Discord itself. */
export type DemoTarget =
  | { readonly kind: 'simulator' }
  /** The token stays in here and is handed to the manager only; it is never printed. */
  | { readonly kind: 'live'; readonly token: string }

/** The demo's settings, every one checked. */
export interface DemoFlags {
  /** Total shard count; null in live mode without `--shards`: Discord's recommendation. */
  readonly shards: number | null
  readonly shardsPerWorker: number
  readonly encoding: EncodingName
  readonly compression: Compression
  /** How long the demo runs before it stops by itself, in milliseconds. */
  readonly durationMs: number
  /** Whether faults are injected (never in live mode). */
  readonly faults: boolean
  readonly target: DemoTarget
}

/** What the command line asks for. */
export type DemoCommand = { readonly kind: 'run'; readonly flags: DemoFlags } | { readonly kind: 'help' }

/** The usage text printed by `--help` and after a bad flag. */
export const demoUsage = `Usage: pnpm demo [options]

Runs a ShardManager against an in-process Discord gateway simulator, with traffic and
injected faults, and shows what happens. Stops by itself after --duration, or on Ctrl-C.

Options:
  --shards <n>             total shard count (default 16; with --live, Discord's recommendation)
  --shards-per-worker <n>  shards per worker thread (default 4)
  --encoding <name>        json | etf (default json)
  --compression <name>     zlib-stream | zstd-stream | payload | none (default zlib-stream)
  --duration <seconds>     how long to run (default 60, at least 5)
  --no-faults              inject no faults
  --live                   run against Discord itself; needs DISCORD_TOKEN (no faults, no loss accounting)
  -h, --help               show this text`

const encodings = ['json', 'etf'] as const satisfies readonly EncodingName[]
const compressions = ['zlib-stream', 'zstd-stream', 'payload', 'none'] as const satisfies readonly Compression[]

// Every flag, and whether it takes a value (`--shards 8` or `--shards=8`).
const flagTakesValue = {
  '--shards': true,
  '--shards-per-worker': true,
  '--encoding': true,
  '--compression': true,
  '--duration': true,
  '--no-faults': false,
  '--live': false,
  '--help': false,
  '-h': false,
} as const satisfies Record<string, boolean>

type FlagName = keyof typeof flagTakesValue

function isFlagName(name: string): name is FlagName {
  return Object.hasOwn(flagTakesValue, name)
}

function positiveInteger(option: string, raw: string): number {
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionError(option, `expected an integer >= 1, got ${JSON.stringify(raw)}`)
  }
  return value
}

function oneOf<T extends string>(option: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new InvalidOptionError(option, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`)
  }
  return raw as T
}

/**
 * Parses the demo's arguments (`process.argv.slice(2)`) with the environment it reads
 * (`DISCORD_TOKEN`, for `--live` only).
 * @throws InvalidOptionError naming the flag, for an unknown flag, a missing or bad value,
 *   a repeated flag, or `--live` without `DISCORD_TOKEN`
 */
export function parseDemoFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): DemoCommand {
  const values = new Map<FlagName, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const name = eq === -1 ? arg : arg.slice(0, eq)
    if (!isFlagName(name)) throw new InvalidOptionError(name, arg.startsWith('-') ? 'unknown flag' : 'unexpected argument (flags start with --)')
    const canonical = name === '-h' ? '--help' : name
    if (values.has(canonical)) throw new InvalidOptionError(name, 'given more than once')
    if (!flagTakesValue[name]) {
      if (eq !== -1) throw new InvalidOptionError(name, 'takes no value')
      values.set(canonical, true)
      continue
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new InvalidOptionError(name, 'expected a value')
    values.set(canonical, value)
  }
  if (values.has('--help')) return { kind: 'help' }

  const text = (name: FlagName): string | undefined => {
    const value = values.get(name)
    return typeof value === 'string' ? value : undefined
  }
  const rawShards = text('--shards')
  const shards = rawShards === undefined ? null : positiveInteger('--shards', rawShards)
  const rawPerWorker = text('--shards-per-worker')
  const shardsPerWorker = rawPerWorker === undefined ? 4 : positiveInteger('--shards-per-worker', rawPerWorker)
  const encoding = oneOf('--encoding', text('--encoding') ?? 'json', encodings)
  const compression = oneOf('--compression', text('--compression') ?? 'zlib-stream', compressions)
  // Discord's payload compression is zlib over JSON text only.
  if (compression === 'payload' && encoding !== 'json') throw new InvalidOptionError('--compression', "'payload' needs --encoding json")
  const rawDuration = text('--duration') ?? '60'
  const seconds = Number(rawDuration)
  if (!/^\d+(\.\d+)?$/.test(rawDuration) || !(seconds >= 5) || seconds > 86_400) {
    throw new InvalidOptionError('--duration', `expected a number of seconds from 5 to 86400, got ${JSON.stringify(rawDuration)}`)
  }

  let target: DemoTarget = { kind: 'simulator' }
  if (values.has('--live')) {
    const token = env['DISCORD_TOKEN']?.trimStart().replace(/^Bot\s+/i, '').trim() ?? ''
    if (token === '') throw new InvalidOptionError('--live', 'needs the bot token in the DISCORD_TOKEN environment variable')
    target = { kind: 'live', token }
  }
  return {
    kind: 'run',
    flags: {
      shards: shards ?? (target.kind === 'live' ? null : 16),
      shardsPerWorker,
      encoding,
      compression,
      durationMs: Math.round(seconds * 1000),
      faults: target.kind === 'simulator' && !values.has('--no-faults'),
      target,
    },
  }
}
