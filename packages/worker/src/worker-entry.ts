// The file each worker thread runs: a WorkerHost on the bridge the manager created.
import { workerData } from 'node:worker_threads'
import { WorkerHost } from './host/worker-host.js'
import type { WorkerData } from './host/worker-config.js'

new WorkerHost(workerData as WorkerData)
