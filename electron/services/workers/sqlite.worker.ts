/**
 * Worker thread: SQLite maintenance that would otherwise stall the thread that answers the UI.
 * A WAL checkpoint copies the log into the database file and syncs it to disk; done by a commit
 * on the services' connection, it holds that thread for tens of milliseconds and more.
 */
import { openEncryptedDatabase } from '../crypto/encrypted-database';
import { settle } from './task-result';

/**
 * Copies what it can of the WAL into the database file without waiting for (or blocking) anybody.
 * The cache is encrypted: this connection is keyed (hex of the cache key) before any statement.
 */
export function checkpoint({ file, keyHex }: { file: string; keyHex: string }) {
  return settle(() => {
    const db = openEncryptedDatabase(file, Buffer.from(keyHex, 'hex'), { fileMustExist: true });
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } finally {
      db.close();
    }
  });
}
