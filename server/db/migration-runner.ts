import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './dialect';
import { lockAllWriters } from './serial-writes';

/** Migration names are `NNN_words`: a three-digit number, then what the step does. */
const NAME = /^(\d{3})_[a-z0-9_]+$/;

/**
 * What is wrong with the numbering of a migration list: a malformed name, a number used twice,
 * or a number skipped. Empty when the numbers run 001, 002, … without a gap.
 */
export function migrationNumberingProblems(names: readonly string[]): string[] {
  const problems: string[] = [];
  const byNumber = new Map<number, string[]>();
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) {
      problems.push(`"${name}" is not named NNN_what_it_does`);
      continue;
    }
    const n = Number(m[1]);
    byNumber.set(n, [...(byNumber.get(n) ?? []), name]);
  }
  for (const [n, same] of byNumber) if (same.length > 1) problems.push(`number ${n} is used by ${same.join(', ')}`);
  const highest = Math.max(0, ...byNumber.keys());
  for (let n = 1; n <= highest; n++) if (!byNumber.has(n)) problems.push(`number ${n} is missing`);
  return problems;
}

/**
 * Applies the pending migrations one at a time, each in its own transaction together with its
 * row in `kysely_migration`, so a failing step leaves the database exactly at its predecessor.
 * (Kysely's Migrator does not open transactions on SQLite, which it treats as not supporting
 * transactional DDL; SQLite does, so the transaction is opened here, around one `migrateUp`;
 * PostgreSQL the same way, so both databases run the same steps.)
 * Returns the names applied, in order. A step runs inside that transaction: it must not open
 * one of its own, and one that rebuilds a table cannot switch `foreign_keys` off (use
 * `PRAGMA defer_foreign_keys`).
 */
export async function applyEachInTransaction(
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  { allowUnorderedMigrations = false } = {},
): Promise<string[]> {
  // Nothing pending (the usual server start): skip the Migrator, whose checks introspect every table.
  const recorded = new Set((await recordedMigrations(db)).map((r) => r.name));
  const names = Object.keys(migrations);
  if (recorded.size === names.length && names.every((n) => recorded.has(n))) return [];

  const provider = { getMigrations: async () => migrations };
  const applied: string[] = [];
  for (;;) {
    const pg = isPostgres(db);
    const name = await db.connection().execute(async (conn) => {
      if (pg) {
        // Every instance migrates at start: the writers' lock makes them take turns, and the
        // Migrator must not open (and commit) a transaction of its own inside this one.
        await sql`BEGIN`.execute(conn);
        await lockAllWriters(conn);
      } else await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const { error, results } = await new Migrator({ db: conn, provider, allowUnorderedMigrations, disableTransactions: pg }).migrateUp();
        if (error) {
          const failed = results?.find((r) => r.status === 'Error')?.migrationName;
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(failed ? `migration ${failed} failed: ${message}` : message, { cause: error });
        }
        await sql`COMMIT`.execute(conn);
        return results?.find((r) => r.status === 'Success')?.migrationName;
      } catch (e) {
        try {
          await sql`ROLLBACK`.execute(conn);
        } catch {
          // SQLite already rolled back (e.g. disk full): the original error says why.
        }
        throw e;
      }
    });
    if (!name) return applied;
    applied.push(name);
  }
}

/** The rows of `kysely_migration` (none when the table does not exist yet). */
export async function recordedMigrations(db: Kysely<any>): Promise<{ name: string; timestamp: string }[]> {
  const { rows: table } = isPostgres(db)
    ? await sql`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'kysely_migration'`.execute(db)
    : await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`.execute(db);
  if (table.length === 0) return [];
  const { rows } = await sql<{ name: string; timestamp: string }>`SELECT name, timestamp FROM kysely_migration`.execute(db);
  return rows;
}
