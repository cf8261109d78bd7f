import v8 from 'node:v8';

/**
 * How either shell starts the services process: its environment (glibc malloc settings) and the
 * V8 options it runs with. Memory is what these are for: the client must stay small whatever it
 * syncs (a cold sync of a 200 MB packet, indexed as it arrives, measured by bench/cold-sync.ts).
 *
 * glibc malloc settings (other C libraries ignore them; a value already in the environment wins).
 * The process runs several threads (pdf.js text extraction, SQLite checkpoints, V8's own
 * compiler threads):
 * - glibc gives each thread an arena of its own, each keeping what that thread freed; two
 *   arenas in all keep the process small (measured: ~20 MB less with the indexer busy);
 * - past a large buffer's free, glibc raises its mmap threshold to that size (up to 32 MB), so the
 *   next document-sized buffer (pdf.js allocates one of the file's length and fills only the
 *   ranges it reads) comes from an arena zero-filled, wholly resident, and stays there once
 *   freed. A fixed threshold keeps such buffers mapped on their own: only the pages read are
 *   resident, and they go back to the system when freed.
 * - The threshold is 64 KiB, not glibc's 128 KiB: documents move in 64 KiB chunks (a download's
 *   pieces, each encrypted chunk read back and decrypted for the indexer), several buffers per
 *   chunk, freed only when V8 collects their small JavaScript objects, tens of MB at a time. From
 *   an arena, they left it at that high-water mark for good (measured: the main arena 90 MB
 *   resident during a cold sync, ~60 with the chunks mapped on their own).
 */
export const SERVICES_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: String(64 * 1024),
};

/** The environment of a new services process: the malloc settings above, then `env` (which wins). */
export function servicesProcessEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...SERVICES_MALLOC_ENV, ...env };
}

/**
 * The services process collects garbage on the thread that made it, without V8's helper threads.
 * Its threads (the main one, pdf.js text extraction) make garbage fast, and V8 gives its
 * collections four helper threads of normal priority whatever the number of cores: on two cores
 * they took the CPU from the work itself and from the niced text extraction (measured with
 * bench/cold-sync.ts: a 200 MB packet searchable in 20.3 s without, 10.4–12.6 s with, against
 * pdftotext's 9.6–12.3 s; bench/open-while-indexing.ts: the same packet indexed in 33–37 s
 * instead of 74–79 s). The costs: peak RSS 215–228 MB instead of 173–215 MB (target ≤ 250 MB),
 * and the main thread's full collections are done by it alone (its heap is small).
 *
 * Only as a start option: set once the heap exists (`v8.setFlagsFromString`), V8 aborts the
 * process at its next full collection (Node 20: "Check failed: concurrent_marking_handle_…").
 * For the same reason it is not passed to Electron's utilityProcess (see SERVICES_EXEC_ARGV).
 */
export const SINGLE_THREADED_GC = '--single-threaded-gc';

/**
 * V8 options of the services process. A 2 MB young generation (semi-space) for its main thread:
 * by default V8 doubles it up to 16 MB whenever enough objects survived since the last doubling,
 * and a cold sync gets there while the indexer hands that thread each document's page texts
 * (measured: its new space 32 MB of a 55 MB heap, resident; 4 MB with this). What survives there
 * is little (page texts on their way to SQLite, rows of a query), scavenged as fast in the
 * smaller space.
 *
 * V8 reads the option when an isolate is created, so `releaseYoungGenerationOption` clears it
 * once the main thread has its heap: worker threads keep the sizes they are given (the PDF text
 * reader's 8 MB young generation; the option would override it).
 *
 * Given where the process is started by Node's child_process.fork (the browser shell, tests,
 * benches). Electron's utilityProcess creates the V8 isolate itself; whether its exec arguments
 * reach V8 before or after that is not known here (no Electron in the test environment), and
 * after would abort the process (above): not given there until checked with the binary.
 */
export const SERVICES_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2', SINGLE_THREADED_GC];

/** The exec arguments of a new services process: the V8 options above, then `execArgv`. */
export function servicesProcessExecArgv(execArgv: readonly string[] = []): string[] {
  return [...SERVICES_EXEC_ARGV, ...execArgv];
}

/**
 * Clears the young generation option for isolates created from now on (worker threads), once the
 * main thread's heap is set up with it. Called first thing by the services process's entry.
 */
export function releaseYoungGenerationOption(): void {
  if (process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) v8.setFlagsFromString('--max-semi-space-size=0');
}
