import type { Endpoint } from 'comlink'
import type { MessagePort } from 'node:worker_threads'

type Listener = Parameters<Endpoint['addEventListener']>[1]

/**
 * Adapts a `worker_threads` MessagePort to comlink's browser-style endpoint, like comlink's
 * own node adapter, but typed and importable under NodeNext (comlink ships it as a `.mjs`
 * with no declaration beside it).
 */
export function nodeEndpoint(port: MessagePort): Endpoint {
  const wrapped = new WeakMap<Listener, (data: unknown) => void>()
  return {
    postMessage: (message: unknown, transfer?: Parameters<Endpoint['postMessage']>[1]) => port.postMessage(message, transfer as never),
    addEventListener: (_type: string, listener: Listener) => {
      const onMessage = (data: unknown): void => {
        const event = { data } as MessageEvent
        if (typeof listener === 'function') listener(event)
        else listener.handleEvent(event)
      }
      wrapped.set(listener, onMessage)
      port.on('message', onMessage)
    },
    removeEventListener: (_type: string, listener: Listener) => {
      const onMessage = wrapped.get(listener)
      if (onMessage === undefined) return
      port.off('message', onMessage)
      wrapped.delete(listener)
    },
  }
}
