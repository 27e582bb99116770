import { createRequire } from 'node:module'

/**
 * A loader that requires package `name` on its first call. For fallbacks (fflate, fzstd): their
 * module and tables cost about a megabyte of memory in every thread that imports them, and most
 * threads never need them.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | null = null
  return () => {
    loaded ??= createRequire(import.meta.url)(name) as T
    return loaded
  }
}
