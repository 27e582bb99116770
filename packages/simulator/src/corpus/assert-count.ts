import { InvalidOptionError } from '@shardwire/core'

/**
 * Checks that a count option is an integer within `[min, max]`.
 * @throws InvalidOptionError naming `option` when it is not
 */
export function assertCount(option: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`
    throw new InvalidOptionError(option, `expected ${range}, got ${String(value)}`)
  }
}
