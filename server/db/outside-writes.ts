import pg from 'pg';
import { sql } from 'kysely';
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
): () => void {
  return database?.kind === 'postgres' ? listenForAccessChanges(database.url, onWrite, onError, intervalMs) : watchDataVersion(db, onWrite, onError, intervalMs);
}

/**
 * SQLite: `data_version` changes only for other connections' commits, so the server's own
 * writes never fire it.
 */
function watchDataVersion(db: Db, onWrite: () => void, onError: (e: unknown) => void, intervalMs: number): () => void {
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

/**
 * PostgreSQL: triggers NOTIFY at the commit of a revocation or a disabled account (migration
 * 013), this server's own included (a second re-check costs one query per socket). One
 * connection of its own LISTENs; when it drops it reconnects after `retryMs` and then fires
 * once, since a notice sent meanwhile is lost.
 */
function listenForAccessChanges(url: string, onWrite: () => void, onError: (e: unknown) => void, retryMs: number): () => void {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (missedSome: boolean) => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    const again = (e: unknown) => {
      if (client !== c) return;
      client = undefined;
      void c.end().catch(() => {});
      if (stopped) return;
      onError(e);
      retry = setTimeout(() => void connect(true), retryMs);
      retry.unref();
    };
    c.on('error', again);
    c.on('end', () => again(new Error('the LISTEN connection to PostgreSQL ended')));
    c.on('notification', () => onWrite());
    try {
      await c.connect();
      await c.query(`LISTEN ${ACCESS_CHANGED_CHANNEL}`);
      if (stopped) await c.end();
      else if (missedSome) onWrite();
    } catch (e) {
      again(e);
    }
  };
  void connect(false);
  return () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    void c?.end().catch(() => {});
  };
}
