import { sql, type Kysely } from 'kysely';
import { entryHash, GENESIS_HASH, type ChainedContent } from '../../audit/chain';

/**
 * Hash-chains the audit log (prev_hash, hash). Existing entries are chained in id order now:
 * from this step on, any change to them is detected. The unique prev_hash makes a fork (two
 * entries after the same one) impossible even if two writers raced.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE audit_log ADD COLUMN prev_hash TEXT`.execute(db);
  await sql`ALTER TABLE audit_log ADD COLUMN hash TEXT`.execute(db);
  let prev = GENESIS_HASH;
  let lastId = 0;
  for (;;) {
    const page = (await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(1000).execute()) as Array<Omit<ChainedContent, 'prev_hash'> & { id: number }>;
    if (page.length === 0) break;
    for (const row of page) {
      const hash = entryHash({ ...row, prev_hash: prev });
      await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', row.id).execute();
      prev = hash;
      lastId = row.id;
    }
  }
  await sql`CREATE UNIQUE INDEX audit_log_prev_hash ON audit_log (prev_hash)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX audit_log_prev_hash`.execute(db);
  await sql`ALTER TABLE audit_log DROP COLUMN hash`.execute(db);
  await sql`ALTER TABLE audit_log DROP COLUMN prev_hash`.execute(db);
}
