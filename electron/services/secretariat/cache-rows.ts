/**
 * The secretariat's synced entities in the desktop cache: one table keyed (entity, id) holding the
 * validated row as JSON plus the columns we query by. Plus the queue of files waiting to be
 * uploaded (kept until the server has them, so an upload made offline is not lost).
 */
import type { Change } from '../../../shared/api';
import { DocumentVersion, MeetingChange, Minutes, Notice, Task } from '../../../shared/secretariat';
import type Database from 'better-sqlite3-multiple-ciphers';

// Not CacheDb from open-cache: that module imports the migrations, which import this one.
type CacheDb = Database.Database;

/** Client cache migration of the secretariat (registered in cache/migrations.ts). */
export function secretariatCacheMigration(db: CacheDb): void {
  db.exec(`
    CREATE TABLE secretariat_rows (
      entity TEXT NOT NULL, id TEXT NOT NULL, meeting_id TEXT NOT NULL, user_id TEXT, document_id TEXT,
      sha256 TEXT, data TEXT NOT NULL, PRIMARY KEY (entity, id)
    );
    CREATE INDEX secretariat_rows_meeting ON secretariat_rows(meeting_id);
    CREATE INDEX secretariat_rows_sha256 ON secretariat_rows(sha256);

    CREATE TABLE pending_uploads (
      sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, size INTEGER NOT NULL, path TEXT NOT NULL,
      created_at TEXT NOT NULL, uploaded_at TEXT, last_error TEXT
    );
  `);
}

export const SECRETARIAT_CACHE_ENTITIES = ['documentVersion', 'meetingChange', 'notice', 'minutes', 'task'] as const;
type Entity = (typeof SECRETARIAT_CACHE_ENTITIES)[number];
const isMine = (e: string): e is Entity => (SECRETARIAT_CACHE_ENTITIES as readonly string[]).includes(e);

/** Applies one change of an issue-3 entity; false when the change is not one of them. */
export function applySecretariatChange(db: CacheDb, c: Change, meetingIds: Set<string>): boolean {
  if (!isMine(c.entity)) return false;
  const prev = db.prepare('SELECT meeting_id FROM secretariat_rows WHERE entity = ? AND id = ?').get(c.entity, c.id) as { meeting_id: string } | undefined;
  if (prev) meetingIds.add(prev.meeting_id);
  if (c.op === 'delete') {
    db.prepare('DELETE FROM secretariat_rows WHERE entity = ? AND id = ?').run(c.entity, c.id);
    return true;
  }
  const d = c.data as { meetingId: string; userId?: string; documentId?: string; sha256?: string | null };
  meetingIds.add(d.meetingId);
  db.prepare(
    'INSERT OR REPLACE INTO secretariat_rows (entity, id, meeting_id, user_id, document_id, sha256, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(c.entity, c.id, d.meetingId, d.userId ?? null, d.documentId ?? null, d.sha256 ?? null, JSON.stringify(c.data));
  return true;
}

/** Reads of the issue-3 rows. */
export class SecretariatRows {
  constructor(private readonly db: CacheDb) {}

  private list<T>(entity: Entity, parse: (v: unknown) => T, where: string, ...args: unknown[]): T[] {
    return (this.db.prepare(`SELECT data FROM secretariat_rows WHERE entity = ? AND ${where}`).all(entity, ...args) as { data: string }[]).map((r) =>
      parse(JSON.parse(r.data)),
    );
  }

  changes(meetingId: string): MeetingChange[] {
    return this.list('meetingChange', (v) => MeetingChange.parse(v), 'meeting_id = ?', meetingId).sort((a, b) => b.at.localeCompare(a.at));
  }
  versions(meetingId: string): DocumentVersion[] {
    return this.list('documentVersion', (v) => DocumentVersion.parse(v), 'meeting_id = ?', meetingId).sort((a, b) => a.version - b.version);
  }
  minutes(meetingId: string): Minutes | null {
    return this.list('minutes', (v) => Minutes.parse(v), 'meeting_id = ?', meetingId)[0] ?? null;
  }
  tasks(meetingId?: string): Task[] {
    const rows = meetingId ? this.list('task', (v) => Task.parse(v), 'meeting_id = ?', meetingId) : this.list('task', (v) => Task.parse(v), '1 = 1');
    return rows.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.title.localeCompare(b.title, 'vi'));
  }
  /** The user's notices, newest first; `unreadOnly`: those he has not read (chosen by SQLite, the rest never parsed). */
  notices(userId: string, unreadOnly = false): Notice[] {
    const where = unreadOnly ? "user_id = ? AND json_extract(data, '$.readAt') IS NULL" : 'user_id = ?';
    return this.list('notice', (v) => Notice.parse(v), where, userId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
  /** Counted by SQLite from the rows, none parsed here. */
  unreadNotices(userId: string): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM secretariat_rows WHERE entity = 'notice' AND user_id = ? AND json_extract(data, '$.readAt') IS NULL").get(userId) as { n: number }).n;
  }
  notice(id: string): Notice | null {
    return this.list('notice', (v) => Notice.parse(v), 'id = ?', id)[0] ?? null;
  }
}
