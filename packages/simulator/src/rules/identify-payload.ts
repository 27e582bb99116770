import { knownIntentsMask, privilegedIntentsMask } from './intents.js'
import type { ViolationKind } from './violations.js'

/** A validated identify (op 2) payload. */
export interface IdentifyData {
  readonly token: string
  readonly intents: number
  readonly properties: { readonly os: string; readonly browser: string; readonly device: string }
  /** `[shard_id, num_shards]`; `[0, 1]` when the client sent none. */
  readonly shard: readonly [number, number]
  /** Payload compression (`compress: true`); false when absent. */
  readonly compress: boolean
  /** Member count above which a guild is "large"; 50 when absent. */
  readonly largeThreshold: number
}

/** What the gateway needs to judge an identify besides the payload. */
export interface IdentifyPolicy {
  /** The bot token identify must carry. */
  readonly token: string
  /** The privileged intents the application has enabled. */
  readonly enabledPrivilegedIntents: number
}

/** The outcome of {@link checkIdentify}. */
export type IdentifyCheck =
  | { readonly ok: true; readonly identify: IdentifyData }
  | { readonly ok: false; readonly violation: ViolationKind; readonly detail: string }

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value)
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const invalid = (detail: string): IdentifyCheck => ({ ok: false, violation: 'identify-invalid', detail })

/**
 * Judges an identify's `d` in Discord's order: shape (4002), token (4004), shard (4010),
 * intents (4013), privileged intents (4014). See "Identify Structure" in Discord's docs.
 */
export function checkIdentify(d: unknown, policy: IdentifyPolicy): IdentifyCheck {
  if (!isObject(d)) return invalid('`d` must be an object')
  const { token, intents, properties, shard, compress, large_threshold: largeThreshold, presence } = d
  if (typeof token !== 'string') return invalid('`token` must be a string')
  if (!isObject(properties)) return invalid('`properties` must be an object')
  for (const key of ['os', 'browser', 'device'] as const) {
    if (typeof properties[key] !== 'string') return invalid(`\`properties.${key}\` must be a string`)
  }
  if (shard !== undefined && !(Array.isArray(shard) && shard.length === 2 && shard.every(isInt))) {
    return invalid('`shard` must be `[shard_id, num_shards]`')
  }
  if (compress !== undefined && typeof compress !== 'boolean') return invalid('`compress` must be a boolean')
  if (largeThreshold !== undefined && !(isInt(largeThreshold) && largeThreshold >= 50 && largeThreshold <= 250)) {
    return invalid('`large_threshold` must be an integer from 50 to 250')
  }
  if (presence !== undefined && presence !== null && !isObject(presence)) return invalid('`presence` must be an object')
  if (token !== policy.token) return { ok: false, violation: 'authentication-failed', detail: 'the token is not the bot token' }
  const [shardId, shardCount] = (shard as [number, number] | undefined) ?? [0, 1]
  if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
    return { ok: false, violation: 'invalid-shard', detail: `shard [${shardId}, ${shardCount}] is out of range` }
  }
  if (!isInt(intents) || intents < 0 || (intents & ~knownIntentsMask) !== 0 || intents > 0x7fffffff) {
    return { ok: false, violation: 'invalid-intents', detail: '`intents` must be a bit field of known intents' }
  }
  if ((intents & privilegedIntentsMask & ~policy.enabledPrivilegedIntents) !== 0) {
    return { ok: false, violation: 'disallowed-intents', detail: 'a privileged intent is not enabled for this application' }
  }
  return {
    ok: true,
    identify: {
      token,
      intents,
      properties: { os: properties['os'] as string, browser: properties['browser'] as string, device: properties['device'] as string },
      shard: [shardId, shardCount],
      compress: compress ?? false,
      largeThreshold: largeThreshold ?? 50,
    },
  }
}
