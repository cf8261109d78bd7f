import { sql } from 'kysely';
import type { Db } from './open';

/** Often enough that a revocation from the CLI feels immediate; one cheap pragma a tick. */
export const OUTSIDE_WRITES_POLL_MS = 1_000;

/**
 * Calls `onWrite` after another connection committed to the server's database: the `ecabinet
 * user disable|revoke` commands write the same file while the server runs. SQLite's
 * `data_version` changes only for other connections' commits, so the server's own writes
 * never fire it.
 */
export function watchOutsideWrites(db: Db, onWrite: () => void, onError: (e: unknown) => void, intervalMs = OUTSIDE_WRITES_POLL_MS): () => void {
  let last: number | undefined;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
      const version = rows[0]?.data_version;
      if (last !== undefined && version !== last) onWrite();
      last = version;
    } catch (e) {
      onError(e);
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
