/** Client cache version 3 (the reader). Kept here so the hot migrations file stays small. */
import type Database from 'better-sqlite3-multiple-ciphers';

export function readerMigrationV3(db: Database.Database): void {
  db.exec(`
    -- Text of every page of every cached document, by blob (content-addressed: two documents
    -- with the same bytes share their pages). 'original' feeds snippets.
    CREATE TABLE doc_text_pages (
      id INTEGER PRIMARY KEY,
      sha256 TEXT NOT NULL,
      page INTEGER NOT NULL,
      original TEXT NOT NULL,
      UNIQUE (sha256, page)
    );
    -- What is matched: the Vietnamese-folded text ("Đề án" → "de an"), rowid = doc_text_pages.id.
    CREATE VIRTUAL TABLE doc_text_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2');
    -- Which blobs were processed (a blob whose text cannot be read is not retried every sync).
    CREATE TABLE doc_text_status (
      sha256 TEXT PRIMARY KEY,
      status TEXT NOT NULL CHECK (status IN ('indexed', 'failed')),
      pages INTEGER NOT NULL,
      indexed_at TEXT NOT NULL,
      error TEXT
    );
    -- Per user and document: where he was reading (ReadingPosition JSON).
    CREATE TABLE reading_positions (
      user_id TEXT NOT NULL,
      document_id TEXT NOT NULL,
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (user_id, document_id)
    );
  `);
}
