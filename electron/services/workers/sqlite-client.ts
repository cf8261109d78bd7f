/** The services' side of the SQLite maintenance worker (sqlite.worker.ts). */
import { WorkerPool } from './worker-pool';

let pool: WorkerPool | null = null;

/** Checkpoints the WAL of database `file` in a background thread. */
export async function checkpointInBackground(file: string): Promise<void> {
  pool ??= new WorkerPool('sqlite', { maxThreads: 1, niceIncrement: 10 });
  await pool.run<void>('checkpoint', { file }, { timeoutMs: 60_000, label: 'checkpointing the cache database' });
}
