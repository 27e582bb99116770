import { Bench } from 'tinybench'

/** One row of the benchmark: a task and what one call of it processes. */
export interface BenchCase {
  /** Unique row name. */
  name: string
  /** Section of the table: decode, zlib-stream, zstd-stream, pipeline. */
  group: string
  /** `mixed` (the 10k-event stream) or `guild` (one GUILD_CREATE). */
  corpus: 'mixed' | 'guild'
  /** Events handled by one call of `run`. */
  events: number
  /** Bytes counted for MB/s per call: decompressed output, or decoder input. */
  bytes: number
  /** Name of the row this one is compared with (time ratio = this / baseline). */
  baseline?: string
  /** One iteration: replays a whole stream (or a fixed slice) from a fresh context. */
  run: () => unknown
  /** True when `run` returns a promise. */
  async?: boolean
  /** Throws when the task computes the wrong thing; run once before timing. */
  verify?: () => void | Promise<void>
}

/** A row that could not run here, and why. */
export interface SkippedCase {
  name: string
  group: string
  corpus: 'mixed' | 'guild'
  skipped: string
}

/** The measured figures of one row. */
export interface CaseResult {
  name: string
  group: string
  corpus: 'mixed' | 'guild'
  events: number
  /** Median time of one iteration, best over the passes, in milliseconds. */
  iterationMs: number
  /** The median of each pass, in milliseconds: how much the machine's noise moved it. */
  passMs: number[]
  /** Fastest single iteration seen, in milliseconds. */
  minMs: number
  usPerEvent: number
  eventsPerSecond: number
  mbPerSecond: number
  /** Relative margin of error of the best pass, in percent. */
  rme: number
  samples: number
  baseline?: string
  /** This row's time per event over the baseline's: below 1 is faster. */
  timeRatio?: number
}

/** How long tinybench samples each task. */
export interface BenchSettings {
  /** Time budget per row and pass on the mixed stream, in milliseconds. */
  time: number
  /** The same for GUILD_CREATE rows, whose iterations are short. */
  guildTime: number
  iterations: number
  warmupTime: number
  warmupIterations: number
  /**
   * Whole runs over every task; each row keeps its best median. Several short passes, each in
   * the opposite order of the last, spread every row over the run, so rows compared with each
   * other meet the same background load; the best pass is the least disturbed.
   */
  passes: number
}

/** Runs every case once and checks its output; a case that fails is dropped with the reason. */
export async function verifyCases(cases: readonly BenchCase[]): Promise<{ ok: BenchCase[]; failed: SkippedCase[] }> {
  const ok: BenchCase[] = []
  const failed: SkippedCase[] = []
  for (const task of cases) {
    try {
      await task.verify?.()
      await task.run()
      ok.push(task)
    } catch (error) {
      failed.push({ name: task.name, group: task.group, corpus: task.corpus, skipped: `FAILED verification: ${(error as Error).message}` })
    }
  }
  return { ok, failed }
}

/**
 * Times the cases with tinybench over `passes` runs (every other pass in reverse order, so no
 * row always runs first or last), then derives per-event figures and baseline ratios.
 */
export async function runCases(cases: readonly BenchCase[], settings: BenchSettings, onProgress?: (line: string) => void): Promise<CaseResult[]> {
  const best = new Map<string, { p50: number; rme: number; samples: number; passes: number[]; min: number }>()
  for (let pass = 0; pass < settings.passes; pass++) {
    for (const corpus of ['mixed', 'guild'] as const) {
      const bench = new Bench({
        time: corpus === 'mixed' ? settings.time : settings.guildTime,
        iterations: settings.iterations,
        // JIT warm-up once: later passes find the code already optimised.
        warmup: pass === 0,
        warmupTime: settings.warmupTime,
        warmupIterations: settings.warmupIterations,
        throws: true,
      })
      const own = cases.filter((task) => task.corpus === corpus)
      const ordered = pass % 2 === 0 ? own : [...own].reverse()
      for (const task of ordered) bench.add(`${task.corpus}: ${task.name}`, task.run, { async: task.async === true })
      bench.addEventListener('cycle', (event) => {
        const task = event.task
        if (task !== undefined) onProgress?.(`  pass ${pass + 1}/${settings.passes}: ${task.name}`)
      })
      await bench.run()
      for (const task of bench.tasks) {
        const result = task.result
        if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
        const { p50, rme, samplesCount, min } = result.latency
        const previous = best.get(task.name)
        const passes = [...(previous?.passes ?? []), p50]
        const fastest = Math.min(min, previous?.min ?? Infinity)
        if (previous === undefined || p50 < previous.p50) best.set(task.name, { p50, rme, samples: samplesCount, passes, min: fastest })
        else best.set(task.name, { ...previous, passes, min: fastest })
      }
    }
  }
  const results = cases.map((task): CaseResult => {
    const measured = best.get(`${task.corpus}: ${task.name}`)
    if (measured === undefined) throw new Error(`no result for ${task.name}`)
    const seconds = measured.p50 / 1000
    const result: CaseResult = {
      name: task.name,
      group: task.group,
      corpus: task.corpus,
      events: task.events,
      iterationMs: measured.p50,
      passMs: measured.passes,
      minMs: measured.min,
      usPerEvent: (measured.p50 * 1000) / task.events,
      eventsPerSecond: task.events / seconds,
      mbPerSecond: task.bytes / 1e6 / seconds,
      rme: measured.rme,
      samples: measured.samples,
    }
    if (task.baseline !== undefined) result.baseline = task.baseline
    return result
  })
  for (const result of results) {
    if (result.baseline === undefined) continue
    const base = results.find((r) => r.name === result.baseline && r.corpus === result.corpus)
    if (base !== undefined) result.timeRatio = result.usPerEvent / base.usPerEvent
  }
  return results
}
