/**
 * glibc malloc settings for the services process, given to it by whichever shell starts it
 * (other C libraries ignore them; a value already in the environment wins). The process runs
 * several threads (pdf.js text extraction, SQLite checkpoints, V8's own compiler threads):
 * - glibc gives each thread an arena of its own, each keeping what that thread freed; two
 *   arenas in all keep the process small (measured: ~20 MB less with the indexer busy);
 * - past a large buffer's free, glibc raises its mmap threshold to that size (up to 32 MB), so the
 *   next document-sized buffer (pdf.js allocates one of the file's length and fills only the
 *   ranges it reads) comes from an arena zero-filled, wholly resident, and stays there once
 *   freed. A fixed threshold keeps such buffers mapped on their own: only the pages read are
 *   resident, and they go back to the system when freed.
 */
export const SERVICES_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: String(128 * 1024),
};

/** The environment of a new services process: the malloc settings above, then `env` (which wins). */
export function servicesProcessEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...SERVICES_MALLOC_ENV, ...env };
}
