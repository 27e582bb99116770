/** Gateway opcodes, as named in Discord's "Gateway Opcodes" table. */
export const opcodes = {
  DISPATCH: 0,
  HEARTBEAT: 1,
  IDENTIFY: 2,
  PRESENCE_UPDATE: 3,
  VOICE_STATE_UPDATE: 4,
  RESUME: 6,
  RECONNECT: 7,
  REQUEST_GUILD_MEMBERS: 8,
  INVALID_SESSION: 9,
  HELLO: 10,
  HEARTBEAT_ACK: 11,
  REQUEST_SOUNDBOARD_SOUNDS: 31,
} as const satisfies Record<string, number>

/** How the gateway treats an opcode a client sends. */
export interface ClientOpcodeRule {
  /** Whether the connection must have identified or resumed first (else close 4003). */
  readonly requiresSession: boolean
}

/**
 * The opcodes a client may send. Anything else, including the receive-only ones (0, 7, 9,
 * 10, 11), is an unknown opcode and closes the socket with 4001. Heartbeat, identify and
 * resume are the only ones allowed before a session exists.
 */
export const clientOpcodes = {
  [opcodes.HEARTBEAT]: { requiresSession: false },
  [opcodes.IDENTIFY]: { requiresSession: false },
  [opcodes.PRESENCE_UPDATE]: { requiresSession: true },
  [opcodes.VOICE_STATE_UPDATE]: { requiresSession: true },
  [opcodes.RESUME]: { requiresSession: false },
  [opcodes.REQUEST_GUILD_MEMBERS]: { requiresSession: true },
  [opcodes.REQUEST_SOUNDBOARD_SOUNDS]: { requiresSession: true },
} as const satisfies Record<number, ClientOpcodeRule>

/** The rule for an opcode a client sent, or `undefined` when clients may not send it. */
export function clientOpcodeRule(op: number): ClientOpcodeRule | undefined {
  return Object.hasOwn(clientOpcodes, op) ? clientOpcodes[op as keyof typeof clientOpcodes] : undefined
}
