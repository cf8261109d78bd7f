import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { privateDir, privateFile, tightenIfPresent } from '../data-files';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';

export type Db = Kysely<Database>;

/**
 * Opens (creating if needed) the SQLite file and migrates it. The only SQLite-specific place
 * outside migrations: a PostgreSQL variant would swap the dialect here.
 *
 * The file is created 0600 in a 0700 folder before SQLite opens it: SQLite gives its -wal and
 * -shm files the mode of the database file. `synchronous = FULL`: in WAL mode every commit then
 * syncs the WAL before it returns, so a mutation answered to a client survives a power loss
 * (NORMAL syncs only at checkpoints: the last commits could vanish).
 */
export async function openDatabase(file: string): Promise<Db> {
  await privateDir(dirname(file));
  await privateFile(file);
  for (const suffix of ['-wal', '-shm', '-journal']) await tightenIfPresent(file + suffix);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = FULL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  return db;
}
