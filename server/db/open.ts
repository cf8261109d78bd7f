import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { privateDir, privateFile, tightenIfPresent } from '../data-files';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';
import { SerialWritesPostgresDialect } from './serial-writes';
import { withStatementCache } from './statement-cache';

export type Db = Kysely<Database>;

/**
 * Opens (creating if needed) the SQLite file and migrates it. The SQLite side of the two
 * openers (`openPostgres` is the other); what differs in SQL lives in `dialect.ts`.
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db);
  return db;
}

/** Collations that order text by code point, as SQLite does (ids, cursors, receipts). */
const CODE_POINT_COLLATIONS = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'ucs_basic']);

/**
 * A PostgreSQL column of 64-bit integers (count(*), max() of a bigint) arrives as a string from
 * `pg`; the server's numbers are far below 2^53, and SQLite gives numbers: so do the same.
 */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Opens the PostgreSQL database at `url` (`postgres://user:password@host:port/name`) and migrates
 * it. The database must exist and order text by code point (created with `--locale=C.UTF-8` or
 * `LC_COLLATE 'C'`): ids and cursors compare as on SQLite, and a language collation would reorder
 * them (it ignores hyphens, for one). Transactions run one at a time (see `serial-writes.ts`).
 */
export async function openPostgres(url: string, opts: { maxConnections?: number } = {}): Promise<Db> {
  const db = connectPostgres(url, opts);
  try {
    const { rows } = await sql<{ collation: string }>`SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()`.execute(db);
    const collation = rows[0]?.collation ?? '';
    if (!CODE_POINT_COLLATIONS.has(collation))
      throw new Error(
        `the PostgreSQL database orders text by "${collation}": create it with code-point order, e.g. createdb --template=template0 --encoding=UTF8 --locale=C.UTF-8 NAME`,
      );
    await migrateToLatest(db);
    return db;
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

/** The PostgreSQL connection pool as the server uses it, not yet checked or migrated. */
export function connectPostgres(url: string, opts: { maxConnections?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, types: pgTypes });
  // A client that loses its server (restart, failover) must not crash the process: idle ones
  // report to the pool, and one checked out when it happens also emits 'error' on itself (its
  // query fails with the same error, which is what the caller sees).
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new SerialWritesPostgresDialect({ pool }) });
}
