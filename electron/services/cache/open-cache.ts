import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from './migrations';

export type CacheDb = Database.Database;

/** Opens (creating if needed) `<dataDir>/cache.sqlite` in WAL mode with foreign keys on, migrated to the latest version. */
export function openCache(dataDir: string): CacheDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'cache.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // NORMAL is durable across app crashes in WAL mode (only an OS crash may lose the last commit).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  runMigrations(db);
  return db;
}
