/**
 * Whether a heartbeat's `d` is valid: the last sequence the client received, or null before
 * any dispatch ("Heartbeat" in Discord's gateway docs). Anything else is a decode error.
 */
export function isHeartbeatData(d: unknown): d is number | null {
  return d === null || (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
}
