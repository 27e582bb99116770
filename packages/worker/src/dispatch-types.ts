import type { GatewayDispatchPayload } from 'discord-api-types/v10'

/** The name of a gateway dispatch, such as `MESSAGE_CREATE` (discord-api-types' enum values, as string literals). */
export type DispatchEventName = `${GatewayDispatchPayload['t']}`

/** The `d` of dispatch `K`, as discord-api-types describes it. */
export type DispatchData<K extends DispatchEventName> = GatewayDispatchPayload extends infer P
  ? P extends { readonly t: infer T extends string; readonly d: infer D } ? (`${T}` extends K ? D : never) : never
  : never
