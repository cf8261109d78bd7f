import { sql, type Kysely } from 'kysely';

/**
 * The committee's own decision rules (quorum, threshold, tie, written opinions) with their
 * legal basis, stored per organisation: the law changes, the code does not have to.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE org_decision_rules (
    org_id TEXT PRIMARY KEY REFERENCES organizations(id),
    rules_json TEXT NOT NULL,
    updated_by TEXT,
    updated_at TEXT NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE org_decision_rules`.execute(db);
}
