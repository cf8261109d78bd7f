import { sql } from 'kysely';
import { listenOn } from '../cluster/listen-connection';
import type { DatabaseOption } from './dialect';
import { ACCESS_CHANGED_CHANNEL } from './migrations/014_access_notices';
import type { Db } from './open';

/** Often enough that a revocation from the CLI feels immediate; one cheap pragma a tick. */
export const OUTSIDE_WRITES_POLL_MS = 1_000;

/**
 * Calls `onWrite` after another connection may have ended sessions or disabled accounts: the
 * `ecabinet user disable|revoke` commands write the same database while the server runs (and on
 * PostgreSQL, other server instances do). Returns the stop function.
 */
export function watchOutsideWrites(
  db: Db,
  database: DatabaseOption | undefined,
  onWrite: () => void,
  onError: (e: unknown) => void,
  intervalMs = OUTSIDE_WRITES_POLL_MS,
): () => Promise<void> {
  return database?.kind === 'postgres' ? listenForAccessChanges(database.url, onWrite, onError, intervalMs) : watchDataVersion(db, onWrite, onError, intervalMs);
}

/**
 * SQLite: `data_version` changes only for other connections' commits, so the server's own
 * writes never fire it.
 */
function watchDataVersion(db: Db, onWrite: () => void, onError: (e: unknown) => void, intervalMs: number): () => Promise<void> {
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
  return async () => clearInterval(timer);
}

/**
 * PostgreSQL: triggers NOTIFY at the commit of a revocation or a disabled account (migration
 * 014), this server's own included (a second re-check costs one query per socket). The cluster's
 * reconnecting LISTEN connection carries it; after a drop it fires once, since a notice sent
 * meanwhile is lost.
 */
function listenForAccessChanges(url: string, onWrite: () => void, onError: (e: unknown) => void, retryMs: number): () => Promise<void> {
  return listenOn(url, ACCESS_CHANGED_CHANNEL, { notice: onWrite, missed: onWrite, error: onError }, retryMs);
}
