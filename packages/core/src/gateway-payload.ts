/**
 * A gateway message as it travels on the socket: `{ op, d, s, t }`.
 * `s` and `t` are set only on dispatches (op 0); see Discord's "Gateway Events" docs.
 */
export interface GatewayPayload<D = unknown> {
  /** Opcode. */
  op: number
  /** Event data. */
  d: D
  /** Sequence number, on dispatches only. */
  s: number | null
  /** Event name, on dispatches only. */
  t: string | null
}
