import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS } from '../../server/db/migrate';
import { migrationNumberingProblems } from '../../server/db/migration-runner';
import { openDatabase } from '../../server/db/open';
import { databaseWithRowsAt, firstMigrations, removeMigrationDirs, snapshot, unmigratedDatabase } from './migration-fixtures';

const dirs: string[] = [];
async function tempFile() {
  const d = await mkdtemp(join(tmpdir(), 'ecab-mig-'));
  dirs.push(d);
  return join(d, 'ecabinet.sqlite');
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
afterAll(removeMigrationDirs);

const TABLES = [
  'organizations',
  'users',
  'sessions',
  'auth_tokens',
  'meetings',
  'participants',
  'agenda_items',
  'documents',
  'document_versions',
  'document_views',
  'blobs',
  'change_log',
  'applied_mutations',
  'audit_log',
  'server_meta',
];

describe('migrations', () => {
  it('migrate a fresh database to the latest schema with every table', async () => {
    const file = await tempFile();
    const db = await openDatabase(file);
    await db.destroy();
    const raw = new BetterSqlite3(file, { readonly: true });
    const tables = raw.prepare("select name from sqlite_master where type = 'table'").all().map((r: any) => r.name);
    for (const t of TABLES) expect(tables).toContain(t);
    const applied = raw.prepare('select name from kysely_migration order by name').all().map((r: any) => r.name);
    expect(applied).toEqual(Object.keys(MIGRATIONS));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('re-running is a no-op and keeps the data', async () => {
    const file = await tempFile();
    const db = await openDatabase(file);
    await db.insertInto('organizations').values({ id: 'o1', name: 'UBND', short_name: 'UBND', created_at: new Date().toISOString() }).execute();
    expect((await migrateToLatest(db)).applied).toEqual([]);
    await db.destroy();
    const again = await openDatabase(file);
    expect(await again.selectFrom('organizations').select('name').execute()).toEqual([{ name: 'UBND' }]);
    await again.destroy();
  });

  it('enforces foreign keys and the unique participant per meeting', async () => {
    const db = await openDatabase(await tempFile());
    const now = new Date().toISOString();
    await expect(
      db.insertInto('participants').values({ id: 'p1', meeting_id: 'missing', user_id: 'missing', role: 'member' }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await db.insertInto('organizations').values({ id: 'o', name: 'UBND', short_name: 'UBND', created_at: now }).execute();
    await db
      .insertInto('users')
      .values({ id: 'u', org_id: 'o', username: 'a', full_name: 'A', title: '', role: 'member', password_hash: 'x', failed_logins: 0, locked_until: null, created_at: now })
      .execute();
    await db
      .insertInto('meetings')
      .values({ id: 'm', org_id: 'o', title: 'M', starts_at: now, ends_at: now, location: '', status: 'draft', chair_id: null, updated_at: now })
      .execute();
    await db.insertInto('participants').values({ id: 'p1', meeting_id: 'm', user_id: 'u', role: 'member' }).execute();
    await expect(db.insertInto('participants').values({ id: 'p2', meeting_id: 'm', user_id: 'u', role: 'guest' }).execute()).rejects.toThrow(/UNIQUE/);
    await db.destroy();
  });
});

const recorded = async (db: Kysely<any>) => (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
const tableExists = async (db: Kysely<any>, name: string) =>
  (await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${name}`.execute(db)).rows.length > 0;
/** A step that changes the schema and the data, then fails. */
const failing: Migration = {
  async up(db) {
    await sql`CREATE TABLE half_done (x TEXT)`.execute(db);
    await sql`UPDATE meetings SET title = 'overwritten'`.execute(db);
    throw new Error('disk full (simulated)');
  },
};

describe('migration numbering', () => {
  it('the files in server/db/migrations are numbered 001, 002, … without gaps or duplicates, and all listed', () => {
    const files = readdirSync(join(__dirname, '../../server/db/migrations')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(migrationNumberingProblems(files)).toEqual([]);
    expect(Object.keys(MIGRATIONS)).toEqual(files);
  });

  it('a gap, a duplicate or a malformed name is reported', () => {
    expect(migrationNumberingProblems(['001_a', '002_b', '004_d'])).toEqual(['number 3 is missing']);
    expect(migrationNumberingProblems(['001_a', '002_b', '002_c'])).toEqual(['number 2 is used by 002_b, 002_c']);
    expect(migrationNumberingProblems(['001_a', '2_b'])).toEqual(['"2_b" is not named NNN_what_it_does']);
    expect(migrationNumberingProblems(['002_b'])).toEqual(['number 1 is missing']);
  });

  it('migrateToLatest refuses a list with a gap and leaves the database untouched', async () => {
    const db = await unmigratedDatabase();
    const { '003_document_permissions': _skipped, ...withGap } = firstMigrations(4);
    await expect(migrateToLatest(db, withGap)).rejects.toThrow(/number 3 is missing/);
    expect(await tableExists(db, 'kysely_migration')).toBe(false);
    await db.destroy();
  });

  it('a database that recorded a later step than one still pending is refused (no out-of-order runs)', async () => {
    const db = await unmigratedDatabase();
    await migrateToLatest(db, firstMigrations(2));
    // As if a build with another third step had run here.
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('004_elsewhere', ${new Date().toISOString()})`.execute(db);
    const list = { ...firstMigrations(3), '004_elsewhere': { up: async () => {} } };
    await expect(migrateToLatest(db, list)).rejects.toThrow(/corrupted migrations/);
    expect(await tableExists(db, 'documents')).toBe(true);
    expect(await recorded(db)).toEqual(['001_initial', '002_secretariat', '004_elsewhere']);
    await db.destroy();
  });
});

describe('each migration runs in its own transaction', () => {
  it('a failing step leaves the database at its predecessor, data and records included', async () => {
    const n = Object.keys(MIGRATIONS).length;
    const db = await databaseWithRowsAt(n);
    const before = await snapshot(db);
    const list = { ...MIGRATIONS, [`${String(n + 1).padStart(3, '0')}_fails`]: failing };
    await expect(migrateToLatest(db, list)).rejects.toThrow(/fails failed: disk full \(simulated\)/);
    expect(await recorded(db)).toEqual(Object.keys(MIGRATIONS));
    expect(await tableExists(db, 'half_done')).toBe(false);
    expect(await snapshot(db)).toEqual(before);
    await db.destroy();
  });

  it('steps before the failing one stay applied: the database ends at the failing step\'s predecessor', async () => {
    const db = await databaseWithRowsAt(2);
    const list = { ...firstMigrations(3), '004_fails': failing };
    await expect(migrateToLatest(db, list)).rejects.toThrow(/004_fails failed/);
    expect(await recorded(db)).toEqual(Object.keys(firstMigrations(3)));
    // 003's columns are there, committed; 004's table is not.
    expect((await sql`SELECT allow_print FROM documents`.execute(db)).rows.length).toBeGreaterThan(0);
    expect(await tableExists(db, 'half_done')).toBe(false);
    expect((await sql<{ title: string }>`SELECT title FROM meetings`.execute(db)).rows.map((r) => r.title)).not.toContain('overwritten');
    // Once the step is fixed, the upgrade continues from there.
    expect((await migrateToLatest(db, firstMigrations(4))).applied).toEqual(['004_live_meeting']);
    await db.destroy();
  });
});
