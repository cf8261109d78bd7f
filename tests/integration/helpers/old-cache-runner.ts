import type Database from 'better-sqlite3-multiple-ciphers';
import { migrations } from '../../../electron/services/cache/migrations';

/**
 * Builds a cache the way the client did while cache versions could land out of order: each
 * listed version not yet recorded runs (in its transaction, with its record), gaps allowed.
 */
export function runCacheMigrationsAsTheOldCodeDid(db: Database.Database, versions: readonly number[]): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of migrations.filter((x) => versions.includes(x.version) && !done.has(x.version))) {
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}
