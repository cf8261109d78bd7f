/**
 * Numbered migrations of the desktop cache (<dataDir>/cache.sqlite). Each one runs in its own
 * transaction together with its row in `schema_migrations`, so a crash mid-upgrade leaves the
 * previous version intact. Never edit a released migration: append a new one.
 */
import type Database from 'better-sqlite3';
import { readerMigrationV3 } from '../search/reader-migration';
import { secretariatCacheMigration } from '../secretariat/cache-rows';
import { annotationsCacheMigration } from '../annotations/cache-rows';
import { liveMeetingCacheMigration } from '../live-meeting/cache-migration';
import { writtenOpinionsCacheMigration } from '../written-opinions/cache-rows';
import { signingCacheMigration, signingSettingsCacheMigration } from '../signing/cache-rows';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'synced entities, sync state, outbox, blobs, session',
    up(db) {
      // Synced rows keep the full validated entity as JSON in `data` plus the columns we query.
      // No foreign keys between synced tables: a pull page may deliver a child before its
      // meeting (or in another page); the meeting-delete cascade is done in code.
      db.exec(`
        CREATE TABLE organization (id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE users (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE meetings (
          id TEXT PRIMARY KEY, starts_at TEXT NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL
        );
        CREATE TABLE participants (
          id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, user_id TEXT NOT NULL, data TEXT NOT NULL
        );
        CREATE INDEX participants_meeting ON participants(meeting_id);
        CREATE TABLE agenda_items (
          id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, position INTEGER NOT NULL, data TEXT NOT NULL
        );
        CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id);
        CREATE TABLE documents (
          id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, agenda_item_id TEXT, sha256 TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX documents_meeting ON documents(meeting_id);
        CREATE INDEX documents_sha256 ON documents(sha256);
        CREATE TABLE document_views (
          id TEXT PRIMARY KEY, user_id TEXT NOT NULL, document_id TEXT NOT NULL,
          version INTEGER NOT NULL, data TEXT NOT NULL
        );
        CREATE INDEX document_views_document ON document_views(document_id);

        CREATE TABLE sync_state (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          cursor TEXT NOT NULL DEFAULT '',
          last_sync_at TEXT
        );
        INSERT INTO sync_state (id) VALUES (1);

        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          mutation_id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          json TEXT NOT NULL,
          created_at TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT
        );

        CREATE TABLE blobs (
          sha256 TEXT PRIMARY KEY,
          size INTEGER NOT NULL,
          path TEXT NOT NULL,
          verified_at TEXT NOT NULL,
          last_access TEXT NOT NULL
        );

        CREATE TABLE session (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          server_url TEXT NOT NULL,
          user_json TEXT NOT NULL,
          org_json TEXT NOT NULL,
          access_token TEXT NOT NULL,
          refresh_token TEXT NOT NULL,
          access_expires_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'provisional local views, rejected mutations, cache owner',
    up(db) {
      db.exec(`
        -- A view recorded locally before the server confirmed it; cleared when the mutation settles.
        ALTER TABLE document_views ADD COLUMN provisional_mutation_id TEXT;

        -- Mutations the server refused: kept so the UI/logs can report them; never re-sent.
        CREATE TABLE rejected_mutations (
          mutation_id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          json TEXT NOT NULL,
          error_code TEXT NOT NULL,
          error_message TEXT NOT NULL,
          rejected_at TEXT NOT NULL
        );

        -- Whose data the cache holds ("<serverUrl> <userId>"); another account starts from empty.
        ALTER TABLE sync_state ADD COLUMN owner TEXT;
      `);
    },
  },
  // Version 3 (issue 4, reader): full-text index of cached documents and reading positions.
  { version: 3, name: 'document text index (FTS5), reading positions', up: (db) => readerMigrationV3(db) },
  // Version 5 (issue 5, signing workflow): lands after 6 and 7; runMigrations applies it on caches already at 7.
  { version: 5, name: 'signature requests, signatures made on this device', up: (db) => signingCacheMigration(db) },
  // Version 4 (issue 6): receipts of secret ballots cast from this machine.
  { version: 4, name: 'vote receipts', up: (db) => liveMeetingCacheMigration(db) },
  // Version 6 (issue 3, secretariat): 2 was taken by the foundation; 3-5 belong to issues 4, 6, 5.
  { version: 6, name: 'secretariat rows (versions, changes, notices, minutes, tasks), pending uploads', up: (db) => secretariatCacheMigration(db) },
  // Version 7 (issue 4 part 2): annotations, presentations (6 went to issue 3, so not 6 as planned).
  { version: 7, name: 'annotations, presentations, carry-forward bookkeeping', up: (db) => annotationsCacheMigration(db) },
  // Version 8 (issue 6 part 3): written opinion requests (phiếu lấy ý kiến).
  { version: 8, name: 'written opinion requests', up: (db) => writtenOpinionsCacheMigration(db) },
  // Version 9 (issue 5 part 3): the organisation's signing settings (seal, name policy).
  { version: 9, name: 'organisation signing settings', up: (db) => signingSettingsCacheMigration(db) },
];

export const LATEST_CACHE_VERSION = Math.max(...migrations.map((m) => m.version));

/**
 * Applies, in version order, every migration not yet recorded; returns the versions applied.
 * Not just "newer than the highest": migrations are developed in parallel, so a cache may
 * already hold version 4 when version 2 lands, and version 2 must still run.
 */
export function runMigrations(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
  )`);
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}

export function currentVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}
