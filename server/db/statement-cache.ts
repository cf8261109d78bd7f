import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; the server's queries are a few hundred shapes. */
const MAX_STATEMENTS = 1_000;

interface Preparer {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/**
 * Kysely's SQLite driver prepares every query again: parsing and planning the same SQL text was a
 * tenth of the server's time under a burst of ballots. This keeps the last MAX_STATEMENTS
 * statements by their text and runs them again (SQLite re-prepares a statement itself when the
 * schema changes under it). A streamed query gets a statement of its own, since a statement
 * being iterated cannot run anything else until the iteration ends.
 */
export function withStatementCache(db: Preparer): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql) {
      let stmt = cache.get(sql);
      if (stmt) cache.delete(sql);
      else {
        stmt = db.prepare(sql);
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      // Most recently used last: the first key is the one to forget.
      cache.set(sql, stmt);
      const cached = stmt;
      return {
        reader: cached.reader,
        all: (parameters) => cached.all(parameters),
        run: (parameters) => cached.run(parameters),
        iterate: (parameters) => db.prepare(sql).iterate(parameters),
      };
    },
  };
}
