import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations, runMigrations, type Migration } from '../../electron/services/cache/migrations';
import { openCache } from '../../electron/services/cache/open-cache';
import { removeTempDirs, tempDir } from './helpers/temp';

afterAll(removeTempDirs);

describe('cache migrations written in parallel', () => {
  it('a migration that lands after a higher version already ran is still applied, once', () => {
    const db = new Database(path.join(tempDir(), 'cache.sqlite'));
    const v1: Migration = { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x)') };
    const v2: Migration = { version: 2, name: 'two (landed late)', up: (d) => d.exec('CREATE TABLE two (x)') };
    const v4: Migration = { version: 4, name: 'four', up: (d) => d.exec('CREATE TABLE four (x)') };
    expect(runMigrations(db, [v1, v4])).toEqual([1, 4]);
    expect(runMigrations(db, [v4, v2, v1])).toEqual([2]);
    expect(runMigrations(db, [v1, v2, v4])).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'two'").get()).toEqual({ name: 'two' });
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
