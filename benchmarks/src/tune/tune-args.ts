import type { Preference } from './recommend.js'

/** What `pnpm tune` was asked to do. */
export interface TuneArgs {
  /** A tiny run, for smoke tests: few events, short timings. */
  readonly quick: boolean
  /** A capture file, a base path (`<path>.w*` files) or a `*` pattern; null for the synthetic mix. */
  readonly capture: string | null
  readonly prefer: Preference
  /** Where the JSON and SVG go; null for benchmarks/results/. */
  readonly out: string | null
}

/** The usage text printed with `--help` and after a usage error. */
export const tuneUsage = `usage: pnpm tune [--quick] [--capture <file>] [--prefer balanced|cpu|bandwidth] [--out <dir>]

  --quick            a tiny run (seconds), for smoke tests; figures are rough
  --capture <file>   measure on your own traffic: a capture written by ShardManager's
                     \`capture: { path }\` option. Give the base path (every <path>.w<N> file
                     is read), one file, or a pattern with * (quote it)
  --prefer <what>    balanced (default): the cheapest CPU among transport-compressed pairs,
                     unless another saves >= 10% bandwidth for <= 25% more CPU;
                     cpu: the least CPU of all; bandwidth: the fewest bytes of all
  --out <dir>        write tune-<date>.json and .svg there (default: benchmarks/results/)
  --help             this text`

const preferences: readonly Preference[] = ['balanced', 'cpu', 'bandwidth']

/**
 * Parses the command line (without node and the script). Returns the arguments, `help`, or a
 * usage error to print (with {@link tuneUsage}) before exiting with code 2.
 */
export function parseTuneArgs(argv: readonly string[]): { ok: true; args: TuneArgs } | { ok: false; error: string } | { ok: 'help' } {
  let quick = false
  let capture: string | null = null
  let prefer: Preference = 'balanced'
  let out: string | null = null
  const seen = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string
    // `--flag=value` is accepted as well as `--flag value`.
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1
    const flag = eq === -1 ? raw : raw.slice(0, eq)
    const inline = eq === -1 ? null : raw.slice(eq + 1)
    const value = (): string | { error: string } => {
      const next = inline ?? argv[++i]
      if (next === undefined || next === '' || (inline === null && next.startsWith('--'))) return { error: `${flag} needs a value` }
      return next
    }
    if (seen.has(flag)) return { ok: false, error: `${flag} was given twice` }
    seen.add(flag)
    switch (flag) {
      case '--help':
      case '-h':
        return { ok: 'help' }
      case '--quick':
        if (inline !== null) return { ok: false, error: '--quick takes no value' }
        quick = true
        break
      case '--capture':
      case '--prefer':
      case '--out': {
        const given = value()
        if (typeof given !== 'string') return { ok: false, error: given.error }
        if (flag === '--capture') capture = given
        else if (flag === '--out') out = given
        else if ((preferences as readonly string[]).includes(given)) prefer = given as Preference
        else return { ok: false, error: `--prefer expects one of ${preferences.join(', ')}, got '${given}'` }
        break
      }
      default:
        return { ok: false, error: raw.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument '${raw}'` }
    }
  }
  return { ok: true, args: { quick, capture, prefer, out } }
}
