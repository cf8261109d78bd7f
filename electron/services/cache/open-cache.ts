import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateFileCacheKey } from '../crypto/cache-key';
import { encryptDatabaseInPlace, isPlaintextDatabase, openEncryptedDatabase, type SqliteDb } from '../crypto/encrypted-database';
import { makePrivateDir, makePrivateFiles, touchPrivateFile } from '../crypto/private-files';
import { runMigrations } from './migrations';

export type CacheDb = SqliteDb;

export const CACHE_FILE = 'cache.sqlite';

const keys = new WeakMap<CacheDb, Buffer>();

/** The key a cache connection was opened with (another connection to the same file needs it first). */
export function cacheKeyOf(db: CacheDb): Buffer {
  const key = keys.get(db);
  if (!key) throw new Error('not a connection opened by openCache');
  return key;
}

/**
 * Opens (creating if needed) `<dataDir>/cache.sqlite`, encrypted with `key`, in WAL mode with
 * foreign keys on, migrated to the latest version. An unencrypted cache of an earlier version
 * is encrypted in place first. Without a key (browser mode, tests) the 0600 key file is used.
 */
export function openCache(dataDir: string, key: Buffer = loadOrCreateFileCacheKey(dataDir)): CacheDb {
  makePrivateDir(dataDir);
  const file = path.join(dataDir, CACHE_FILE);
  makePrivateFiles(file, `${file}-wal`, `${file}-shm`, `${file}-journal`);
  if (isPlaintextDatabase(file)) encryptDatabaseInPlace(file, key);
  // SQLite gives -wal and -shm the mode of the database file.
  if (!fs.existsSync(file)) touchPrivateFile(file);
  const db = openEncryptedDatabase(file, key);
  keys.set(db, key);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // NORMAL is durable across app crashes in WAL mode (only an OS crash may lose the last commit).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten, not just unlinked; temporary tables never reach the disk.
  db.pragma('secure_delete = ON');
  db.pragma('temp_store = MEMORY');
  runMigrations(db);
  return db;
}

/**
 * After a wipe: copies the WAL into the (encrypted, secure-deleted) database and truncates it to
 * zero bytes, so no frame of the deleted rows survives in the log.
 */
export function truncateWal(db: CacheDb): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}
