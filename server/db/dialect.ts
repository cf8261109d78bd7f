/**
 * The two databases the server runs on, and the few places where their SQL differs. Everything
 * else (queries, most of the schema) is written once through Kysely and runs on both.
 */
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely';

/**
 * Where the server's rows live: the embedded SQLite file in the data folder (default), or a
 * PostgreSQL database (a city's deployment; several instances may share it).
 */
export type DatabaseOption = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

export type DialectName = 'sqlite' | 'postgres';

/** Works on the database handle and on a transaction of it alike. */
export function dialectOf<T>(db: Kysely<T>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export const isPostgres = <T>(db: Kysely<T>): boolean => dialectOf(db) === 'postgres';

/** Per-dialect spellings used by the migrations' raw SQL. */
export function ddl<T>(db: Kysely<T>) {
  const pg = isPostgres(db);
  return {
    /**
     * SQLite: no hidden rowid recording insertion order (secret-ballot tables). PostgreSQL has no
     * rowid; its heap keeps tuples in insertion order regardless, which is why ballots are sealed.
     */
    withoutRowid: sql.raw(pg ? '' : 'WITHOUT ROWID'),
    blob: sql.raw(pg ? 'BYTEA' : 'BLOB'),
    /** SQLite's REAL is 8 bytes; PostgreSQL's `real` is 4 (fractional positions would collide). */
    real: pg ? ('double precision' as const) : ('real' as const),
    /** `INSERT OR IGNORE` (SQLite) / `ON CONFLICT DO NOTHING` (PostgreSQL): wraps one INSERT … SELECT. */
    insertOrIgnore: (into: RawBuilder<unknown>, select: RawBuilder<unknown>) =>
      pg ? sql`INSERT INTO ${into} ${select} ON CONFLICT DO NOTHING` : sql`INSERT OR IGNORE INTO ${into} ${select}`,
    /** An integer key numbered by the database, never reused (even after rows are deleted). */
    autoIncrementKey: (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()),
  };
}
