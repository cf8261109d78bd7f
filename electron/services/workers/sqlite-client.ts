/** The services' side of the SQLite maintenance worker (sqlite.worker.ts). */
import { cacheKeyOf, type CacheDb } from '../cache/open-cache';
import { WorkerPool } from './worker-pool';

let pool: WorkerPool | null = null;

/** Checkpoints the WAL of the cache database `db` in a background thread (a second, keyed connection). */
export async function checkpointInBackground(db: CacheDb): Promise<void> {
  pool ??= new WorkerPool('sqlite', { maxThreads: 1, niceIncrement: 10 });
  await pool.run<void>('checkpoint', { file: db.name, keyHex: cacheKeyOf(db).toString('hex') }, { timeoutMs: 60_000, label: 'checkpointing the cache database' });
}
