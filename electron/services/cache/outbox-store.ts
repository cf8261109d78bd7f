/**
 * Mutations waiting for the server. They are written here first (before any network call) so
 * that nothing the user did is lost offline; they leave only when the server has answered.
 */
import { Mutation } from '../../../shared/api';
import type { CacheDb } from './open-cache';

export interface OutboxEntry {
  mutation: Mutation;
  attempts: number;
  lastError: string | null;
}

export interface RejectedMutation {
  mutation: Mutation;
  errorCode: string;
  errorMessage: string;
  rejectedAt: string;
}

export class OutboxStore {
  constructor(
    private readonly db: CacheDb,
    private readonly now: () => Date,
  ) {}

  add(mutation: Mutation): void {
    // Validate before storing: a malformed entry would block the queue forever.
    mutation = Mutation.parse(mutation);
    this.db
      .prepare('INSERT INTO outbox (mutation_id, kind, json, created_at) VALUES (?, ?, ?, ?)')
      .run(mutation.id, mutation.kind, JSON.stringify(mutation), this.now().toISOString());
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** The oldest entries first: the server applies them in the order the user made them. */
  peek(limit: number): OutboxEntry[] {
    const rows = this.db.prepare('SELECT json, attempts, last_error FROM outbox ORDER BY seq LIMIT ?').all(limit) as {
      json: string;
      attempts: number;
      last_error: string | null;
    }[];
    return rows.map((r) => ({ mutation: Mutation.parse(JSON.parse(r.json)), attempts: r.attempts, lastError: r.last_error }));
  }

  markAttempt(ids: readonly string[], error: string | null): void {
    const stmt = this.db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE mutation_id = ?');
    this.db.transaction(() => ids.forEach((id) => stmt.run(error, id)))();
  }

  /** The server applied it (first time or as a duplicate): forget it. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(id);
  }

  /** The server refused it: move it aside so it is reported and never sent again. */
  reject(id: string, code: string, message: string): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT kind, json FROM outbox WHERE mutation_id = ?').get(id) as
        | { kind: string; json: string }
        | undefined;
      if (!row) return;
      this.db
        .prepare(
          'INSERT OR REPLACE INTO rejected_mutations (mutation_id, kind, json, error_code, error_message, rejected_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, row.kind, row.json, code, message, this.now().toISOString());
      this.db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(id);
    })();
  }

  rejected(): RejectedMutation[] {
    const rows = this.db.prepare('SELECT json, error_code, error_message, rejected_at FROM rejected_mutations ORDER BY rejected_at').all() as {
      json: string;
      error_code: string;
      error_message: string;
      rejected_at: string;
    }[];
    return rows.map((r) => ({
      mutation: Mutation.parse(JSON.parse(r.json)),
      errorCode: r.error_code,
      errorMessage: r.error_message,
      rejectedAt: r.rejected_at,
    }));
  }

  clearAll(): void {
    this.db.exec('DELETE FROM outbox; DELETE FROM rejected_mutations;');
  }
}
