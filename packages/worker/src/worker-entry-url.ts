import { siblingModuleUrl } from './start-worker-thread.js'

/** The URL of the worker entry file (`worker-entry.js`, or `.ts` when running from sources). */
export function workerEntryUrl(): URL {
  return siblingModuleUrl(import.meta.url, 'worker-entry')
}
