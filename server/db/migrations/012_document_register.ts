import { sql, type Kysely } from 'kysely';

/**
 * The register of outgoing documents (sổ văn bản đi): one row per number given, per organisation,
 * document type and year. A number is never given twice (unique), and a row is never deleted, so
 * a number stays taken even if its paper is withdrawn. Each issued paper (an invitation, minutes,
 * a vote's result) holds at most one number of its type (unique subject).
 * Also: the reason a chair gave for opening a vote without quorum, printed with its result.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE document_register (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    doc_type TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    issuer_code TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT,
    UNIQUE (org_id, doc_type, year, number),
    UNIQUE (subject_kind, subject_id, doc_type)
  )`.execute(db);
  await sql`ALTER TABLE votes ADD COLUMN quorum_override_reason TEXT`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE votes DROP COLUMN quorum_override_reason`.execute(db);
  await sql`DROP TABLE document_register`.execute(db);
}
