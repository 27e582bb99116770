// The public surface of @shardwire/worker. Named exports only: anything not listed here is internal.

// The bridge
export type { WorkerApi, ManagerApi, DeliveryCounts, ShardReport, WorkerStats, WorkerResources, ShardLifecycleEvent, EventBatch, EventFilter, ForwardedText } from './bridge/bridge-api.js'
export { readForwardedDispatch } from './bridge/read-forwarded-dispatch.js'
export type { ErrorData } from './bridge/error-data.js'
export { toErrorData, fromErrorData, isErrorData } from './bridge/error-data.js'
export { RpcClient } from './bridge/rpc-client.js'
export type { Rpc, RpcClientOptions, MethodName, MethodArgs, MethodResult } from './bridge/rpc-client.js'
export { exposeApi } from './bridge/expose-api.js'
export { createBridgeChannels } from './bridge/bridge-channels.js'
export type { BridgePorts, BridgeChannels } from './bridge/bridge-channels.js'
export { IdentifyTickets } from './bridge/identify-tickets.js'

// The worker host
export { WorkerHost } from './host/worker-host.js'
export type { WorkerData, WorkerShardConfig } from './host/worker-config.js'
export { BridgeIdentifyQueue } from './host/bridge-identify-queue.js'
export { EventBatcher } from './host/event-batcher.js'
export { PeekingEncoding } from './host/peeking-encoding.js'
export { peekDispatch } from './host/peek-dispatch.js'
export type { DispatchHead } from './host/peek-dispatch.js'
export { HandledSequences } from './host/handled-sequences.js'
export { LeaseFence, fenceNow } from './host/lease-fence.js'
export { threadCpuMicros } from './host/worker-stats.js'
export { startWorkerThread, siblingModuleUrl } from './start-worker-thread.js'
export { workerEntryUrl } from './worker-entry-url.js'

// Frame capture (for `pnpm tune --capture`)
export { FrameCaptureWriter } from './capture/frame-capture-writer.js'
export type { FrameCaptureWriterOptions } from './capture/frame-capture-writer.js'
export { readFrameCapture, parseFrameCapture } from './capture/read-frame-capture.js'
export { captureFilePath, frameCaptureFormat, frameCaptureVersion } from './capture/frame-capture-format.js'
export type { FrameCaptureHeader, CapturedFrame, FrameCaptureSegment } from './capture/frame-capture-format.js'

// Handlers in the workers, and dispatch types
export { defineWorkerHandlers } from './host/worker-handlers.js'
export type { WorkerHandlers, WorkerHandlerContext } from './host/worker-handlers.js'
export type { DispatchEventName, DispatchData } from './dispatch-types.js'
