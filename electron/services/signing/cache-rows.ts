/**
 * Signature requests in the desktop cache (client cache migration version 5), and what this
 * device signed but the server has not confirmed yet (signed offline: queued).
 */
import type { Change } from '../../../shared/api';
import { OrgSigningSettings, SignatureRequest } from '../../../shared/signing-workflow';
import type Database from 'better-sqlite3-multiple-ciphers';

// Not CacheDb from open-cache: that module imports the migrations, which import this one.
type CacheDb = Database.Database;

/** Client cache migration of signing (registered in cache/migrations.ts as version 5). */
export function signingCacheMigration(db: CacheDb): void {
  db.exec(`
    CREATE TABLE signature_requests (
      id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, document_id TEXT NOT NULL, current_sha256 TEXT NOT NULL,
      updated_at TEXT NOT NULL, data TEXT NOT NULL
    );
    CREATE INDEX signature_requests_document ON signature_requests(document_id);

    -- Signed here, not yet accepted by the server (kept across restarts; never synced).
    CREATE TABLE signing_local (
      request_id TEXT NOT NULL, step_id TEXT NOT NULL, mutation_id TEXT NOT NULL UNIQUE,
      sha256 TEXT NOT NULL, size INTEGER NOT NULL, signed_at TEXT NOT NULL,
      PRIMARY KEY (request_id, step_id)
    );
  `);
}

/** Client cache migration of signing settings (version 9): the organisation's signing settings. */
export function signingSettingsCacheMigration(db: CacheDb): void {
  db.exec(`CREATE TABLE org_signing_settings (id TEXT PRIMARY KEY, data TEXT NOT NULL);`);
}

/** Applies one change of a signature request or of the signing settings; false when the change is neither. */
export function applySigningChange(db: CacheDb, c: Change, meetingIds: Set<string>): boolean {
  if (c.entity === 'orgSigningSettings') {
    if (c.op === 'delete') db.prepare('DELETE FROM org_signing_settings WHERE id = ?').run(c.id);
    else db.prepare('INSERT OR REPLACE INTO org_signing_settings (id, data) VALUES (?, ?)').run(c.id, JSON.stringify(c.data));
    return true;
  }
  if (c.entity !== 'signatureRequest') return false;
  if (c.op === 'delete') {
    db.prepare('DELETE FROM signature_requests WHERE id = ?').run(c.id);
    return true;
  }
  meetingIds.add(c.data.meetingId);
  db.prepare('INSERT OR REPLACE INTO signature_requests (id, meeting_id, document_id, current_sha256, updated_at, data) VALUES (?, ?, ?, ?, ?, ?)').run(
    c.id,
    c.data.meetingId,
    c.data.documentId,
    c.data.currentSha256,
    c.data.updatedAt,
    JSON.stringify(c.data),
  );
  // The server moved past a step signed here: the local record has served its purpose.
  for (const s of c.data.steps) if (s.status !== 'to_sign') db.prepare('DELETE FROM signing_local WHERE request_id = ? AND step_id = ?').run(c.id, s.id);
  if (c.data.status !== 'in_progress') db.prepare('DELETE FROM signing_local WHERE request_id = ?').run(c.id);
  return true;
}

export interface LocalSignature {
  requestId: string;
  stepId: string;
  mutationId: string;
  sha256: string;
  size: number;
}

export class SigningRows {
  constructor(private readonly db: CacheDb) {}

  all(): SignatureRequest[] {
    return (this.db.prepare('SELECT data FROM signature_requests ORDER BY updated_at DESC').all() as { data: string }[]).map((r) => SignatureRequest.parse(JSON.parse(r.data)));
  }

  get(id: string): SignatureRequest | null {
    const r = this.db.prepare('SELECT data FROM signature_requests WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? SignatureRequest.parse(JSON.parse(r.data)) : null;
  }

  forDocuments(ids: readonly string[]): SignatureRequest[] {
    if (ids.length === 0) return [];
    return (this.db.prepare(`SELECT data FROM signature_requests WHERE document_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { data: string }[]).map((r) =>
      SignatureRequest.parse(JSON.parse(r.data)),
    );
  }

  local(requestId: string, stepId: string): LocalSignature | null {
    const r = this.db.prepare('SELECT request_id, step_id, mutation_id, sha256, size FROM signing_local WHERE request_id = ? AND step_id = ?').get(requestId, stepId) as
      | { request_id: string; step_id: string; mutation_id: string; sha256: string; size: number }
      | undefined;
    return r ? { requestId: r.request_id, stepId: r.step_id, mutationId: r.mutation_id, sha256: r.sha256, size: r.size } : null;
  }

  recordLocal(s: LocalSignature, at: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO signing_local (request_id, step_id, mutation_id, sha256, size, signed_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.requestId, s.stepId, s.mutationId, s.sha256, s.size, at);
  }

  dropLocal(requestId: string, stepId: string): void {
    this.db.prepare('DELETE FROM signing_local WHERE request_id = ? AND step_id = ?').run(requestId, stepId);
  }

  /** The organisation's signing settings, when the secretariat has set them. */
  orgSettings(): OrgSigningSettings | null {
    const r = this.db.prepare('SELECT data FROM org_signing_settings LIMIT 1').get() as { data: string } | undefined;
    return r ? OrgSigningSettings.parse(JSON.parse(r.data)) : null;
  }

  /** Whether a blob is a revision of a request (readable by this user through it). */
  references(sha256: string): boolean {
    if (this.db.prepare('SELECT 1 FROM signing_local WHERE sha256 = ? LIMIT 1').get(sha256)) return true;
    return (this.db.prepare('SELECT data FROM signature_requests').all() as { data: string }[]).some((r) => {
      const q = JSON.parse(r.data) as SignatureRequest;
      return q.currentSha256 === sha256 || q.baseSha256 === sha256 || q.steps.some((s) => s.sha256 === sha256);
    });
  }
}
