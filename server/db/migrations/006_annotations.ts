import { sql, type Kysely } from 'kysely';

/**
 * Private annotations (W3C Web Annotation JSON, kept outside the PDF) with
 * tombstones for last-writer-wins deletes, their shared copies, and the "presentation" state
 * of a meeting (which document page the chair or presenter shows). Additive only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    document_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    shared_from_id TEXT UNIQUE,
    data_json TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX annotations_user ON annotations(user_id)`.execute(db);
  await sql`CREATE INDEX annotations_meeting ON annotations(meeting_id)`.execute(db);
  await sql`CREATE INDEX annotations_document ON annotations(document_id)`.execute(db);
  await sql`CREATE TABLE presentations (
    meeting_id TEXT PRIMARY KEY,
    document_id TEXT,
    page INTEGER NOT NULL DEFAULT 1,
    presenter_id TEXT,
    updated_at TEXT NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE presentations`.execute(db);
  await sql`DROP TABLE annotations`.execute(db);
}
