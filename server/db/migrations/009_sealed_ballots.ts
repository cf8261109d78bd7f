import { sql, type Kysely } from 'kysely';
import { ddl } from '../dialect';

/**
 * Secret ballots sealed at rest (see `server/live-meeting/ballot-box.ts`): while a secret vote
 * is open its ballots exist only as equal-length AES-GCM seals under random slot ids, and its
 * ballot key only wrapped by a key kept outside the data folder. Both are erased at the close,
 * when the counted ballots go to `secret_ballots` in receipt order. No rowid, no timestamp.
 *
 * Ballots of a secret vote still open at the upgrade stay where they are and are counted with
 * the sealed ones at its close.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { withoutRowid, blob } = ddl(db);
  await sql`CREATE TABLE ballot_keys (
    vote_id TEXT PRIMARY KEY REFERENCES votes(id) ON DELETE CASCADE,
    wrapped ${blob} NOT NULL
  ) ${withoutRowid}`.execute(db);
  await sql`CREATE TABLE sealed_ballots (
    vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    slot ${blob} NOT NULL,
    sealed ${blob} NOT NULL,
    PRIMARY KEY (vote_id, slot)
  ) ${withoutRowid}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sealed_ballots`.execute(db);
  await sql`DROP TABLE ballot_keys`.execute(db);
}
