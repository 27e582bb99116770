import { closeCodes } from './close-codes.js'

/** How the gateway reacts to a violation: a close with a code, or op 9 with `d: false`. */
export type ViolationReaction = { readonly close: number } | { readonly invalidSession: false }

/**
 * Every rule the simulator enforces, with Discord's reaction. Each violation is counted
 * and recorded per connection; the reaction is what the client observes.
 */
export const violationRules = {
  'invalid-version': { reaction: { close: closeCodes.INVALID_API_VERSION.code }, description: 'The gateway URL asked for an API version that is not served.' },
  'invalid-encoding': { reaction: { close: closeCodes.DECODE_ERROR.code }, description: 'The gateway URL asked for an encoding other than json or etf.' },
  'invalid-compression': { reaction: { close: closeCodes.DECODE_ERROR.code }, description: 'The gateway URL asked for a compression other than zlib-stream or zstd-stream.' },
  'decode-error': { reaction: { close: closeCodes.DECODE_ERROR.code }, description: 'A message was not valid JSON/ETF, not a payload, or had a malformed `d`.' },
  'payload-too-large': { reaction: { close: closeCodes.DECODE_ERROR.code }, description: 'A message exceeded the 4096-byte payload limit.' },
  'frame-too-large': { reaction: { close: 1009 }, description: 'A frame exceeded the socket limit, so the WebSocket layer closed it with 1009.' },
  'invalid-frame': { reaction: { close: 1002 }, description: 'A WebSocket frame broke RFC 6455 (opcode, reserved bits, masking); the WebSocket layer closed with its own code.' },
  'unknown-opcode': { reaction: { close: closeCodes.UNKNOWN_OPCODE.code }, description: 'A client sent an opcode clients may not send.' },
  'not-authenticated': { reaction: { close: closeCodes.NOT_AUTHENTICATED.code }, description: 'A payload other than heartbeat, identify or resume came before identifying.' },
  'already-authenticated': { reaction: { close: closeCodes.ALREADY_AUTHENTICATED.code }, description: 'Identify or resume came on a connection that already has a session.' },
  'rate-limited': { reaction: { close: closeCodes.RATE_LIMITED.code }, description: 'More payloads than the send limit (120 per 60 s) on one connection.' },
  'identify-invalid': { reaction: { close: closeCodes.DECODE_ERROR.code }, description: 'An identify payload did not have the documented shape.' },
  'resume-invalid': { reaction: { close: closeCodes.DECODE_ERROR.code }, description: 'A resume payload did not have the documented shape.' },
  'authentication-failed': { reaction: { close: closeCodes.AUTHENTICATION_FAILED.code }, description: 'Identify or resume carried the wrong token.' },
  'invalid-shard': { reaction: { close: closeCodes.INVALID_SHARD.code }, description: 'Identify named a shard id outside `[0, num_shards)`.' },
  'sharding-required': { reaction: { close: closeCodes.SHARDING_REQUIRED.code }, description: 'The shard would hold more guilds than one shard may.' },
  'invalid-intents': { reaction: { close: closeCodes.INVALID_INTENTS.code }, description: 'Identify had intents that are not a valid bit field.' },
  'disallowed-intents': { reaction: { close: closeCodes.DISALLOWED_INTENTS.code }, description: 'Identify asked for a privileged intent the application has not enabled.' },
  'identify-concurrency': { reaction: { invalidSession: false }, description: 'A second identify in the same `shard_id % max_concurrency` bucket within the identify window.' },
  'session-start-limit': { reaction: { close: closeCodes.AUTHENTICATION_FAILED.code }, description: 'Identify with no session starts left; Discord resets the token, so auth fails.' },
  'invalid-seq': { reaction: { invalidSession: false }, description: 'Resume named a sequence the session never reached, or one no longer buffered.' },
  'heartbeat-timeout': { reaction: { close: closeCodes.SESSION_TIMED_OUT.code }, description: 'No heartbeat arrived within the heartbeat timeout.' },
} as const satisfies Record<string, { reaction: ViolationReaction; description: string }>

/** A kind of violation; see {@link violationRules}. */
export type ViolationKind = keyof typeof violationRules

/** Every violation kind, in table order. */
export const violationKinds = Object.keys(violationRules) as ViolationKind[]
