import { sql, type Kysely } from 'kysely';

/**
 * Signing settings of the organisation (its red seal, how strictly a signing
 * certificate must name the signer), whether a request certifies the document (DocMDP at the
 * first signature), and what the server found about each signer's certificate. Additive only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE org_signing_settings (
    org_id TEXT PRIMARY KEY REFERENCES organizations(id),
    seal_sha256 TEXT,
    seal_size INTEGER,
    name_check TEXT NOT NULL DEFAULT 'warn',
    revision INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT,
    updated_at TEXT NOT NULL
  )`.execute(db);
  await sql`ALTER TABLE signature_requests ADD COLUMN certify INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE signature_steps ADD COLUMN certificate_name TEXT`.execute(db);
  await sql`ALTER TABLE signature_steps ADD COLUMN name_check TEXT`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE org_signing_settings`.execute(db);
}
