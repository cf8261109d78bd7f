import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cacheMigrationNumberingProblems,
  currentVersion,
  LAST_UNORDERED_CACHE_VERSION,
  migrations,
  runMigrations,
  type Migration,
} from '../../electron/services/cache/migrations';
import { openCache } from '../../electron/services/cache/open-cache';
import { runCacheMigrationsAsTheOldCodeDid } from './helpers/old-cache-runner';
import { removeTempDirs, tempDir } from './helpers/temp';
import { openClientCacheFile } from './helpers/client-cache-file';

afterAll(removeTempDirs);

const freshCache = () => new Database(path.join(tempDir(), 'cache.sqlite'));
const table = (version: number, name = `step${version}`): Migration => ({ version, name, up: (d) => d.exec(`CREATE TABLE ${name} (x)`) });
const exists = (db: Database.Database, name: string) => db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;

describe('cache migration numbering', () => {
  it('the registered versions are 1, 2, 3, … in order, without gaps or duplicates', () => {
    expect(cacheMigrationNumberingProblems(migrations.map((m) => m.version))).toEqual([]);
  });

  it('a gap, a duplicate or a list out of order is reported, and runMigrations refuses it before touching the cache', () => {
    expect(cacheMigrationNumberingProblems([1, 2, 4])).toEqual(['entry 3 has version 4']);
    expect(cacheMigrationNumberingProblems([1, 2, 2, 3])).toEqual(['entry 3 has version 2', 'entry 4 has version 3']);
    expect(cacheMigrationNumberingProblems([2, 1])).toEqual(['entry 1 has version 2', 'entry 2 has version 1']);
    const db = freshCache();
    expect(() => runMigrations(db, [table(1), table(3)])).toThrow(/entry 2 has version 3/);
    expect(exists(db, 'schema_migrations')).toBe(false);
    db.close();
  });
});

describe('cache migrations run strictly in order after the versions written in parallel', () => {
  it(`a cache of that era missing a version up to ${LAST_UNORDERED_CACHE_VERSION} below its newest gets it, once`, () => {
    const db = freshCache();
    // As the old code left it: version 5 (signing) had not landed yet when 6 and 7 ran here.
    runCacheMigrationsAsTheOldCodeDid(db, [1, 2, 3, 4, 6, 7]);
    db.prepare("INSERT INTO secretariat_rows (entity, id, meeting_id, data) VALUES ('task', 't1', 'm1', '{}')").run();
    // 5, then every version after the parallel ones (8 up to the newest).
    expect(runMigrations(db)).toEqual([5, ...migrations.filter((m) => m.version >= 8).map((m) => m.version)]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM signature_requests').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT id FROM secretariat_rows').all()).toEqual([{ id: 't1' }]);
    expect(runMigrations(db)).toEqual([]);
    db.close();
  });

  it('a later version recorded above one still to apply is refused, and nothing is applied', () => {
    const db = freshCache();
    const next = [...migrations, table(migrations.length + 1), table(migrations.length + 2)];
    runMigrations(db, migrations);
    // As if a build with another version 11 had run here.
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'elsewhere', 'now')").run(migrations.length + 2);
    expect(() => runMigrations(db, next)).toThrow(new RegExp(`version ${migrations.length + 2} is recorded but ${migrations.length + 1} not yet applied`));
    expect(exists(db, `step${migrations.length + 1}`)).toBe(false);
    db.close();
  });

  it('a new version after the last one of that era applies in order', () => {
    const dir = tempDir();
    openCache(dir).close();
    const db = openClientCacheFile(dir);
    expect(runMigrations(db, [...migrations, table(migrations.length + 1)])).toEqual([migrations.length + 1]);
    expect(currentVersion(db)).toBe(migrations.length + 1);
    db.close();
  });

  it('version 3 (reader) creates the FTS5 index and the reading positions, on top of an existing cache', () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, 'cache.sqlite'));
    runMigrations(old, migrations.filter((m) => m.version < 3));
    old.close();
    const db = openCache(dir);
    db.prepare("INSERT INTO doc_text_fts (rowid, folded) VALUES (1, 'de an phat trien')").run();
    expect(db.prepare(`SELECT rowid FROM doc_text_fts WHERE doc_text_fts MATCH '"de an"'`).all()).toEqual([{ rowid: 1 }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM reading_positions').get()).toEqual({ n: 0 });
    db.close();
  });
});
