/**
 * Written opinion requests in the desktop cache (client cache migration version 8). The
 * member's own answer lives in the outbox until the server has it, and in rejected_mutations
 * when the server refused it: nothing else is needed to tell "pending / delivered / refused".
 */
import type { Change } from '../../../shared/api';
import { OpinionRequest } from '../../../shared/written-opinions';
import type Database from 'better-sqlite3-multiple-ciphers';

// Not CacheDb from open-cache: that module imports the migrations, which import this one.
type CacheDb = Database.Database;

/** Client cache migration of written opinions (registered in cache/migrations.ts as version 8). */
export function writtenOpinionsCacheMigration(db: CacheDb): void {
  db.exec(`
    CREATE TABLE opinion_requests (
      id TEXT PRIMARY KEY, status TEXT NOT NULL, deadline TEXT NOT NULL, data TEXT NOT NULL
    );
  `);
}

/** Applies one change of a written opinion request; false when the change is not one. */
export function applyOpinionChange(db: CacheDb, c: Change): boolean {
  if (c.entity !== 'opinionRequest') return false;
  if (c.op === 'delete') db.prepare('DELETE FROM opinion_requests WHERE id = ?').run(c.id);
  else
    db.prepare('INSERT OR REPLACE INTO opinion_requests (id, status, deadline, data) VALUES (?, ?, ?, ?)').run(c.id, c.data.status, c.data.deadline, JSON.stringify(c.data));
  return true;
}

export class OpinionRows {
  constructor(private readonly db: CacheDb) {}

  all(): OpinionRequest[] {
    return (this.db.prepare("SELECT data FROM opinion_requests ORDER BY status = 'final', deadline").all() as { data: string }[]).map((r) =>
      OpinionRequest.parse(JSON.parse(r.data)),
    );
  }

  get(id: string): OpinionRequest | null {
    const r = this.db.prepare('SELECT data FROM opinion_requests WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? OpinionRequest.parse(JSON.parse(r.data)) : null;
  }

  /** Whether a blob is an attachment or the summary of a request this user sees. */
  references(sha256: string): boolean {
    return this.all().some((r) => r.summarySha256 === sha256 || r.attachments.some((a) => a.sha256 === sha256));
  }

  allSha256(): string[] {
    return this.all().flatMap((r) => [...r.attachments.map((a) => a.sha256), ...(r.summarySha256 ? [r.summarySha256] : [])]);
  }
}
