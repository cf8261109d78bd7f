import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { currentVersion, LATEST_CACHE_VERSION, migrations, runMigrations } from '../../electron/services/cache/migrations';
import { openCache } from '../../electron/services/cache/open-cache';
import { removeTempDirs, tempDir } from './helpers/temp';
import { openClientCacheFile } from './helpers/client-cache-file';

afterAll(removeTempDirs);

describe('cache migrations', () => {
  it('bring a fresh cache to the latest version, in WAL mode with foreign keys on', () => {
    const dir = tempDir();
    const db = openCache(dir);
    expect(currentVersion(db)).toBe(LATEST_CACHE_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['organization', 'users', 'meetings', 'participants', 'agenda_items', 'documents', 'document_views', 'sync_state', 'outbox', 'blobs', 'session', 'schema_migrations'])
      expect(tables).toContain(t);
    db.close();
  });

  it('re-running is a no-op', () => {
    const dir = tempDir();
    openCache(dir).close();
    const db = openClientCacheFile(dir);
    expect(runMigrations(db)).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
    db.close();
  });

  it('upgrading a version-1 cache keeps its rows, cursor and outbox', () => {
    const dir = tempDir();
    const file = path.join(dir, 'cache.sqlite');
    const v1 = new Database(file);
    runMigrations(v1, migrations.filter((m) => m.version === 1));
    expect(currentVersion(v1)).toBe(1);
    v1.prepare("UPDATE sync_state SET cursor = 'c-42' WHERE id = 1").run();
    v1.prepare("INSERT INTO meetings (id, starts_at, status, data) VALUES ('m1', '2026-01-01T00:00:00.000Z', 'published', '{}')").run();
    v1.prepare("INSERT INTO outbox (mutation_id, kind, json, created_at) VALUES ('x1', 'document.markViewed', '{}', 'now')").run();
    v1.close();

    const db = openCache(dir);
    expect(currentVersion(db)).toBe(LATEST_CACHE_VERSION);
    expect((db.prepare('SELECT cursor FROM sync_state').get() as { cursor: string }).cursor).toBe('c-42');
    expect(db.prepare("SELECT id FROM meetings").all()).toEqual([{ id: 'm1' }]);
    expect(db.prepare("SELECT mutation_id FROM outbox").all()).toEqual([{ mutation_id: 'x1' }]);
    // Columns added by version 2 are usable.
    expect(db.prepare('SELECT owner FROM sync_state').get()).toEqual({ owner: null });
    db.close();
  });

  it('a failing migration leaves the previous version intact', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, 'cache.sqlite'));
    runMigrations(db, migrations.slice(0, 1));
    const broken = [...migrations.slice(0, 1), { version: 2, name: 'broken', up: (d: Database.Database) => { d.exec('CREATE TABLE half (x)'); throw new Error('boom'); } }];
    expect(() => runMigrations(db, broken)).toThrow('boom');
    expect(currentVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('a failing step after pending good ones: those stay applied, the failing one leaves no trace', () => {
    const db = new Database(path.join(tempDir(), 'cache.sqlite'));
    runMigrations(db, migrations.slice(0, 1));
    db.prepare("INSERT INTO outbox (mutation_id, kind, json, created_at) VALUES ('x1', 'document.markViewed', '{}', 'now')").run();
    const broken = {
      version: 3,
      name: 'broken',
      up: (d: Database.Database) => {
        d.exec("CREATE TABLE half (x); DELETE FROM outbox; UPDATE sync_state SET owner = 'someone else'");
        throw new Error('boom');
      },
    };
    expect(() => runMigrations(db, [...migrations.slice(0, 2), broken])).toThrow('boom');
    expect(currentVersion(db)).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT mutation_id FROM outbox').all()).toEqual([{ mutation_id: 'x1' }]);
    expect(db.prepare('SELECT owner FROM sync_state').get()).toEqual({ owner: null });
    db.close();
  });
});
