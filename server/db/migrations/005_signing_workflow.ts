import { sql, type Kysely } from 'kysely';

/**
 * The signing workflow (trình ký). A request names the document version sent
 * and the revision the current signer works on; its steps are the ordered signers. Additive only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE signature_requests (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    document_title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    base_sha256 TEXT NOT NULL,
    current_sha256 TEXT NOT NULL,
    current_size INTEGER NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    issued_version INTEGER,
    revision INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX signature_requests_document ON signature_requests(document_id)`.execute(db);
  await sql`CREATE TABLE signature_steps (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES signature_requests(id),
    position INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    acted_at TEXT,
    sha256 TEXT,
    comment TEXT NOT NULL DEFAULT '',
    UNIQUE (request_id, position)
  )`.execute(db);
  await sql`CREATE INDEX signature_steps_user ON signature_steps(user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE signature_steps`.execute(db);
  await sql`DROP TABLE signature_requests`.execute(db);
}
