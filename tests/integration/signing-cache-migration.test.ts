/** Client cache version 5 (signing workflow) lands after 6 and 7: a cache already at 7 still gets it, once. */
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations, runMigrations } from '../../electron/services/cache/migrations';
import { openCache } from '../../electron/services/cache/open-cache';
import { runCacheMigrationsAsTheOldCodeDid } from './helpers/old-cache-runner';
import { removeTempDirs, tempDir } from './helpers/temp';

afterAll(removeTempDirs);

describe('cache migration 5 (signature requests)', () => {
  it('is applied to a cache that already holds versions 6 and 7, and a second run does nothing', () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, 'cache.sqlite'));
    expect(runCacheMigrationsAsTheOldCodeDid(old, migrations.map((m) => m.version).filter((v) => v !== 5))).toEqual(migrations.map((m) => m.version).filter((v) => v !== 5).sort((a, b) => a - b));
    old.prepare("INSERT INTO secretariat_rows (entity, id, meeting_id, data) VALUES ('task', 't1', 'm1', '{}')").run();
    old.close();
    const db = openCache(dir);
    // Nothing lost from the later versions; the new tables are there.
    expect(db.prepare('SELECT id FROM secretariat_rows').all()).toEqual([{ id: 't1' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM signature_requests').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM signing_local').get()).toEqual({ n: 0 });
    expect((db.prepare('SELECT version FROM schema_migrations WHERE version = 5').all() as unknown[]).length).toBe(1);
    expect(runMigrations(db)).toEqual([]);
    db.close();
  });
});
