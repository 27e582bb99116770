import { MessageChannel, type MessagePort } from 'node:worker_threads'

/** The three ports one side of a worker bridge holds. */
export interface BridgePorts {
  /** comlink calls from the manager to the worker (`WorkerApi`). */
  readonly workerApi: MessagePort
  /** comlink calls from the worker to the manager (`ManagerApi`). */
  readonly managerApi: MessagePort
  /** Batched events from the worker, one message per batch: a channel of its own, outside comlink. */
  readonly events: MessagePort
}

/** Both ends of a bridge, and the ports to transfer with the worker's `workerData`. */
export interface BridgeChannels {
  /** The ends the main thread keeps. */
  readonly main: BridgePorts
  /** The ends that go to the worker. */
  readonly worker: BridgePorts
  /** `worker`'s ports, for the `transferList` of `new Worker`. */
  readonly transferList: MessagePort[]
}

/**
 * Creates the bridge's channels in the main thread, before the worker exists, so that the main
 * thread attaches its listeners first and nothing the worker posts at startup can be missed.
 */
export function createBridgeChannels(): BridgeChannels {
  const workerApi = new MessageChannel()
  const managerApi = new MessageChannel()
  const events = new MessageChannel()
  const worker = { workerApi: workerApi.port2, managerApi: managerApi.port2, events: events.port2 }
  return {
    main: { workerApi: workerApi.port1, managerApi: managerApi.port1, events: events.port1 },
    worker,
    transferList: [worker.workerApi, worker.managerApi, worker.events],
  }
}
