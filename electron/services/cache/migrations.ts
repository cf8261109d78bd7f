/**
 * Numbered migrations of the desktop cache (<dataDir>/cache.sqlite), 1, 2, 3, … without gaps
 * and applied in that order. Each one runs in its own transaction together with its row in
 * `schema_migrations`, so a crash mid-upgrade leaves the previous version intact. Never edit a
 * released migration: append one with the next version.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { readerMigrationV3 } from '../search/reader-migration';
import { secretariatCacheMigration } from '../secretariat/cache-rows';
import { annotationsCacheMigration } from '../annotations/cache-rows';
import { liveMeetingCacheMigration } from '../live-meeting/cache-migration';
import { writtenOpinionsCacheMigration } from '../written-opinions/cache-rows';
import { signingCacheMigration, signingSettingsCacheMigration } from '../signing/cache-rows';
import { ocrWordsCacheMigration } from '../search/ocr-words';

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
  { version: 3, name: 'document text index (FTS5), reading positions', up: (db) => readerMigrationV3(db) },
  { version: 4, name: 'vote receipts', up: (db) => liveMeetingCacheMigration(db) },
  { version: 5, name: 'signature requests, signatures made on this device', up: (db) => signingCacheMigration(db) },
  { version: 6, name: 'secretariat rows (versions, changes, notices, minutes, tasks), pending uploads', up: (db) => secretariatCacheMigration(db) },
  { version: 7, name: 'annotations, presentations, carry-forward bookkeeping', up: (db) => annotationsCacheMigration(db) },
  { version: 8, name: 'written opinion requests', up: (db) => writtenOpinionsCacheMigration(db) },
  { version: 9, name: 'organisation signing settings', up: (db) => signingSettingsCacheMigration(db) },
  { version: 10, name: 'recognised words of scanned pages', up: (db) => ocrWordsCacheMigration(db) },
];

export const LATEST_CACHE_VERSION = migrations.length;

/**
 * Versions 1-9 were written in parallel and could land out of order: a cache may hold a later
 * one of them without an earlier one, which then still runs (each of them is additive). Every
 * version after this one runs strictly after its predecessor.
 */
export const LAST_UNORDERED_CACHE_VERSION = 9;

/** What is wrong with the numbering of a migration list (empty when it is 1, 2, 3, … in order). */
export function cacheMigrationNumberingProblems(versions: readonly number[]): string[] {
  const problems: string[] = [];
  versions.forEach((v, i) => {
    if (v !== i + 1) problems.push(`entry ${i + 1} has version ${v}`);
  });
  return problems;
}

/**
 * Applies, in version order, every migration not yet recorded, each in its own transaction
 * together with its row in `schema_migrations`; returns the versions applied. Refuses a list
 * that is not numbered 1, 2, 3, … in order, and a cache that recorded a version above one
 * still to apply (outside the versions that could land out of order).
 */
export function runMigrations(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  const problems = cacheMigrationNumberingProblems(list.map((m) => m.version));
  if (problems.length > 0) throw new Error(`cache migrations are not numbered 1, 2, 3, … in order: ${problems.join('; ')}`);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
  )`);
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const pending = list.filter((m) => !done.has(m.version));
  const highest = Math.max(0, ...done);
  const late = pending.filter((m) => m.version < highest && m.version > LAST_UNORDERED_CACHE_VERSION);
  if (late.length > 0)
    throw new Error(`cache migrations out of order: version ${highest} is recorded but ${late.map((m) => m.version).join(', ')} not yet applied`);
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
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
