/** Gateway opcodes ("Opcodes and Status Codes" in Discord's docs). */
export const GatewayOpcode = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const

/** The opcodes a client receives; the machine must handle each (its handler table is checked against this). */
export type ReceiveOpcode = (typeof GatewayOpcode)['Dispatch' | 'Heartbeat' | 'Reconnect' | 'InvalidSession' | 'Hello' | 'HeartbeatAck']
