/**
 * Worker thread: SQLite maintenance that would otherwise stall the thread that answers the UI.
 * A WAL checkpoint copies the log into the database file and syncs it to disk; done by a commit
 * on the services' connection, it holds that thread for tens of milliseconds and more.
 */
import Database from 'better-sqlite3';
import { settle } from './task-result';

/** Copies what it can of the WAL into the database file without waiting for (or blocking) anybody. */
export function checkpoint({ file }: { file: string }) {
  return settle(() => {
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } finally {
      db.close();
    }
  });
}
