import { sql, type Kysely } from 'kysely';

/**
 * Where the recognition (OCR) of each PDF stands, by content hash, in the database that every
 * server instance shares: the instance that runs the OCR job records its progress and the
 * result here, so another instance answers the same status and never recognises the PDF again.
 * `layer` is the result as JSON (null while running); `attempts` counts recognitions started.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE ocr_results (
    sha256 TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'not_needed', 'failed')),
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    layer TEXT,
    updated_at TEXT NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE ocr_results`.execute(db);
}
