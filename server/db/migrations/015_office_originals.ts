import { sql, type Kysely } from 'kysely';

/**
 * The office file (.docx, .xlsx, .pptx…) a document's PDF was converted from, kept as a blob of
 * its own beside the PDF: one row per converted PDF, naming the original's blob and file name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE office_originals (
    pdf_sha256 TEXT PRIMARY KEY REFERENCES blobs(sha256),
    original_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    converted_by TEXT REFERENCES users(id),
    converted_at TEXT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX office_originals_original ON office_originals(original_sha256)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE office_originals`.execute(db);
}
