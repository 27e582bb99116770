import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts a worker thread on `entry`. A published build's entry is a `.js` file and starts as
 * is. A `.ts` entry (the sources, run under tsx in development and tests) starts through a
 * small bootstrap that registers tsx in the new thread first: on Node 20 a worker does not
 * inherit the `--import tsx` hooks of its parent, even though it inherits `execArgv`.
 */
export function startWorkerThread(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options)
  const tsx = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry.href)})`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options)
}

/**
 * The URL of `name` (given without extension) beside the module at `base`, with the module's
 * own extension: `.ts` when running from sources, `.js` from a build.
 */
export function siblingModuleUrl(base: string, name: string): URL {
  const extension = new URL(base).pathname.endsWith('.ts') ? '.ts' : '.js'
  return new URL(`./${name}${extension}`, base)
}
