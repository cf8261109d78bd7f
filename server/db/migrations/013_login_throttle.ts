import { sql, type Kysely } from 'kysely';
import { ddl } from '../dialect';

/**
 * Failed sign-ins per (account as typed, client network), kept in the database so that a restart
 * does not hand an attacker a fresh set of free guesses. The key is a SHA-256 of the pair: what
 * someone typed as a username (sometimes a password) is never stored. Times are epoch ms; rows
 * idle past the policy's forget time are pruned.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // BIGINT: epoch milliseconds overflow PostgreSQL's 4-byte INTEGER (SQLite's are 8 bytes either way).
  await sql`CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL CHECK (failures >= 1),
    blocked_until BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
  ) ${ddl(db).withoutRowid}`.execute(db);
  await sql`CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE login_throttle`.execute(db);
}
