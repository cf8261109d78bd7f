import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS } from '../../server/db/migrate';
import { openDatabase } from '../../server/db/open';

const dirs: string[] = [];
async function tempFile() {
  const d = await mkdtemp(join(tmpdir(), 'ecab-mig-'));
  dirs.push(d);
  return join(d, 'ecabinet.sqlite');
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

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
