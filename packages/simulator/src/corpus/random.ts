/**
 * Milliseconds since the Unix epoch of Discord's epoch (2015-01-01T00:00:00Z), the origin of
 * the timestamp inside every snowflake (see "Snowflakes" in Discord's API reference).
 */
export const discordEpoch = 1420070400000

// Default span for snowflakes drawn without a timestamp: ids created 2016 to 2025.
const defaultSnowflakeFrom = Date.UTC(2016, 0, 1)
const defaultSnowflakeTo = Date.UTC(2025, 0, 1)

/**
 * A seeded pseudo-random source. Everything the corpus builds comes from one of these, never
 * from `Math.random`, so one seed always yields the same bytes.
 */
export interface Random {
  /** A float in `[0, 1)`. */
  next(): number
  /** An integer in `[min, maxInclusive]`. */
  int(min: number, maxInclusive: number): number
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T
  /** True with probability `p`. */
  chance(p: number): boolean
  /** `bytes` random bytes as lowercase hex: the shape of avatar and icon hashes. */
  hex(bytes: number): string
  /**
   * A snowflake as a decimal string: `(timestamp - discordEpoch) << 22 | worker << 17 | process << 12 | increment`.
   * @param timestampMs - creation time in Unix milliseconds; drawn from 2016 to 2025 when omitted
   */
  snowflake(timestampMs?: number): string
}

/**
 * Creates a {@link Random} from a 32-bit seed (mulberry32: tiny, fast and good enough for test data).
 * @param seed - any number; only its low 32 bits matter
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, maxInclusive: number): number => min + Math.floor(next() * (maxInclusive - min + 1))
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number): boolean => next() < p,
    hex(bytes: number): string {
      let out = ''
      for (let i = 0; i < bytes; i++) out += int(0, 255).toString(16).padStart(2, '0')
      return out
    },
    snowflake(timestampMs?: number): string {
      const ms = timestampMs ?? int(defaultSnowflakeFrom, defaultSnowflakeTo)
      const low = (int(0, 31) << 17) | (int(0, 31) << 12) | int(0, 4095)
      // 64-bit values do not fit a double exactly, so BigInt does the shift.
      return ((BigInt(Math.max(0, ms - discordEpoch)) << 22n) | BigInt(low)).toString()
    },
  }
}

/**
 * Hashes a string to a 32-bit seed (FNV-1a). Used to derive stable per-id details, so a user
 * has the same name in every event that mentions them.
 */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** The creation time, in Unix milliseconds, encoded in a snowflake. */
export function snowflakeTimestamp(snowflake: string): number {
  return Number(BigInt(snowflake) >> 22n) + discordEpoch
}

/** A timestamp as Discord writes it in ISO 8601: microsecond precision and an explicit `+00:00`. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00')
}
