/**
 * Annotations and presentations in the desktop cache (client cache version 7; versions 2-6
 * are taken). Local edits are written at once with the id of their queued mutation
 * (`pending_mutation_id`); a pulled row replaces a local one unless that edit is still queued
 * and newer (last writer wins, by the author's edit time).
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Change } from '../../../shared/api';
import { Annotation, Presentation } from '../../../shared/annotations';

// Not CacheDb from open-cache: that module imports the migrations, which import this one.
type CacheDb = Database.Database;

export function annotationsCacheMigration(db: CacheDb): void {
  db.exec(`
    CREATE TABLE annotations (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, document_id TEXT NOT NULL, meeting_id TEXT NOT NULL,
      shared_from_id TEXT, deleted INTEGER NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL,
      pending_mutation_id TEXT
    );
    CREATE INDEX annotations_document ON annotations(document_id);
    CREATE INDEX annotations_meeting ON annotations(meeting_id);
    CREATE TABLE presentations (meeting_id TEXT PRIMARY KEY, data TEXT NOT NULL);
    -- Carry-forward bookkeeping: which annotation was looked for in which version, and found or not.
    CREATE TABLE annotation_anchoring (
      annotation_id TEXT NOT NULL, version INTEGER NOT NULL, found INTEGER NOT NULL,
      PRIMARY KEY (annotation_id, version)
    );
  `);
}

/** Applies a pulled annotation / presentation change; false when it is not one of them. */
export function applyAnnotationChange(db: CacheDb, c: Change, meetingIds: Set<string>): boolean {
  if (c.entity === 'presentation') {
    meetingIds.add(c.id);
    if (c.op === 'delete') db.prepare('DELETE FROM presentations WHERE meeting_id = ?').run(c.id);
    else db.prepare('INSERT OR REPLACE INTO presentations (meeting_id, data) VALUES (?, ?)').run(c.data.meetingId, JSON.stringify(c.data));
    return true;
  }
  if (c.entity !== 'annotation') return false;
  const local = db.prepare('SELECT meeting_id, updated_at, pending_mutation_id FROM annotations WHERE id = ?').get(c.id) as
    | { meeting_id: string; updated_at: string; pending_mutation_id: string | null }
    | undefined;
  if (local) meetingIds.add(local.meeting_id);
  if (c.op === 'delete') {
    db.prepare('DELETE FROM annotations WHERE id = ?').run(c.id);
    return true;
  }
  const a = c.data;
  meetingIds.add(a.meetingId);
  const stillQueued = local?.pending_mutation_id && db.prepare('SELECT 1 FROM outbox WHERE mutation_id = ?').get(local.pending_mutation_id) !== undefined;
  if (local && stillQueued && local.updated_at > a.updatedAt) return true; // our newer edit is on its way
  writeAnnotation(db, a, null);
  return true;
}

export function writeAnnotation(db: CacheDb, a: Annotation, pendingMutationId: string | null): void {
  db.prepare(
    `INSERT OR REPLACE INTO annotations (id, user_id, document_id, meeting_id, shared_from_id, deleted, updated_at, data, pending_mutation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.id, a.userId, a.documentId, a.meetingId, a.sharedFromId, a.deleted ? 1 : 0, a.updatedAt, JSON.stringify(a), pendingMutationId);
}

/** Reads of the cached annotations and presentations. */
export class AnnotationRows {
  constructor(private readonly db: CacheDb) {}

  get(id: string): Annotation | null {
    const r = this.db.prepare('SELECT data FROM annotations WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? Annotation.parse(JSON.parse(r.data)) : null;
  }

  /** Live (not deleted) annotations of a document: the user's private ones and every shared copy. */
  ofDocument(documentId: string, userId: string): { mine: Annotation[]; shared: Annotation[] } {
    const rows = (this.db.prepare('SELECT data FROM annotations WHERE document_id = ? AND deleted = 0').all(documentId) as { data: string }[]).map((r) =>
      Annotation.parse(JSON.parse(r.data)),
    );
    return {
      mine: rows.filter((a) => a.sharedFromId === null && a.userId === userId),
      shared: rows.filter((a) => a.sharedFromId !== null),
    };
  }

  /** Documents on which the user has live private annotations (candidates for carry-forward). */
  documentsWithOwnAnnotations(userId: string): string[] {
    return (
      this.db.prepare('SELECT DISTINCT document_id FROM annotations WHERE user_id = ? AND deleted = 0 AND shared_from_id IS NULL').all(userId) as { document_id: string }[]
    ).map((r) => r.document_id);
  }

  anchoring(annotationId: string, version: number): boolean | null {
    const r = this.db.prepare('SELECT found FROM annotation_anchoring WHERE annotation_id = ? AND version = ?').get(annotationId, version) as
      | { found: number }
      | undefined;
    return r ? r.found === 1 : null;
  }

  recordAnchoring(annotationId: string, version: number, found: boolean): void {
    this.db.prepare('INSERT OR REPLACE INTO annotation_anchoring (annotation_id, version, found) VALUES (?, ?, ?)').run(annotationId, version, found ? 1 : 0);
  }

  presentation(meetingId: string): Presentation | null {
    const r = this.db.prepare('SELECT data FROM presentations WHERE meeting_id = ?').get(meetingId) as { data: string } | undefined;
    return r ? Presentation.parse(JSON.parse(r.data)) : null;
  }
}
