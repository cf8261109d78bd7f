/**
 * Databases created before the migrations were numbered without gaps: built here by running the
 * migrations the way the old code did (Kysely's Migrator, out-of-order runs allowed) under the
 * names it recorded ('008_signing_settings', '009_decision_rules'), with data in them. The
 * current code must adopt them and then migrate strictly.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS } from '../../server/db/migrate';
import { RENUMBERED_MIGRATIONS } from '../../server/db/renumbered-migrations';
import { removeMigrationDirs, ROWS_ONCE_STEP_EXISTS, snapshot, unmigratedDatabase } from './migration-fixtures';

afterAll(removeMigrationDirs);

const NOW_NAMED = new Map(RENUMBERED_MIGRATIONS.map(([old, now]) => [old, now]));
const nowNamed = (old: string) => NOW_NAMED.get(old) ?? old;
const OLD_NAMES = ['001_initial', '002_secretariat', '003_document_permissions', '004_live_meeting', '005_signing_workflow', '006_annotations', '008_signing_settings', '009_decision_rules'];

/**
 * A database the old code made, its migrations landing one by one in `order` (old names), the
 * app writing each step's rows once it exists. Each landing is a later instant than the last.
 */
async function databaseByOldCode(order: string[]): Promise<Kysely<any>> {
  const db = await unmigratedDatabase();
  for (const [k, old] of order.entries()) {
    const known = Object.fromEntries(order.slice(0, k + 1).map((n) => [n, MIGRATIONS[nowNamed(n)]!]));
    const { error, results } = await new Migrator({ db, provider: { getMigrations: async () => known }, allowUnorderedMigrations: true }).migrateToLatest();
    if (error) throw error;
    expect(results?.map((r) => r.migrationName)).toEqual([old]);
    await ROWS_ONCE_STEP_EXISTS[nowNamed(old)]!(db);
    // The next landing happens at a later instant (the old code's records then show the order).
    const last = (await sql<{ t: string }>`SELECT MAX(timestamp) AS t FROM kysely_migration`.execute(db)).rows[0]!.t;
    while (new Date().toISOString() <= last) await new Promise((r) => setTimeout(r, 1));
  }
  return db;
}

const records = async (db: Kysely<any>) =>
  (await sql<{ name: string; timestamp: string }>`SELECT name, timestamp FROM kysely_migration`.execute(db)).rows;
/** Names as the strict Migrator sees them: by time of run, then by name. */
const namesInRunOrder = async (db: Kysely<any>) =>
  (await records(db)).sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.name.localeCompare(b.name)).map((r) => r.name);
/** The migrations of that era (001–008): what an upgrade from it adopts before any later step. */
const ERA = Object.fromEntries(Object.entries(MIGRATIONS).slice(0, OLD_NAMES.length));
const next = { ...ERA, '009_next_step': { up: async (db: Kysely<any>) => void (await sql`CREATE TABLE next_step (x TEXT)`.execute(db)) } };

describe('databases created at the old migration names', () => {
  it('once adopted, the steps that came after that era apply on top, in order', async () => {
    const db = await databaseByOldCode(OLD_NAMES);
    expect((await migrateToLatest(db)).applied).toEqual(Object.keys(MIGRATIONS).slice(OLD_NAMES.length));
    expect(await namesInRunOrder(db)).toEqual(Object.keys(MIGRATIONS));
    await db.destroy();
  });

  it('all steps run in order: the records are renamed, the data untouched, and the next step applies strictly', async () => {
    const db = await databaseByOldCode(OLD_NAMES);
    const before = await snapshot(db);
    expect((await migrateToLatest(db, ERA)).applied).toEqual([]);
    expect(await namesInRunOrder(db)).toEqual(Object.keys(ERA));
    expect(await snapshot(db)).toEqual(before);
    expect((await migrateToLatest(db, ERA)).applied).toEqual([]);
    expect((await migrateToLatest(db, next)).applied).toEqual(['009_next_step']);
    await db.destroy();
  });

  it('decision rules ran before signing settings: the records are put in name order, the next step applies', async () => {
    const order = [...OLD_NAMES.slice(0, 6), '009_decision_rules', '008_signing_settings'];
    const db = await databaseByOldCode(order);
    const before = await snapshot(db);
    expect(await namesInRunOrder(db)).toEqual(order);
    expect((await migrateToLatest(db, ERA)).applied).toEqual([]);
    expect(await namesInRunOrder(db)).toEqual(Object.keys(ERA));
    expect(await snapshot(db)).toEqual(before);
    expect((await migrateToLatest(db, next)).applied).toEqual(['009_next_step']);
    await db.destroy();
  });

  it('a step of that era missing below the newest one recorded is applied first, then the rest in order', async () => {
    const db = await databaseByOldCode(['001_initial', '002_secretariat', '003_document_permissions', '004_live_meeting', '006_annotations']);
    const annotations = (await sql`SELECT id FROM annotations`.execute(db)).rows;
    expect(annotations.length).toBeGreaterThan(0);
    expect((await migrateToLatest(db, ERA)).applied).toEqual(['005_signing_workflow', '007_signing_settings', '008_decision_rules']);
    expect(await namesInRunOrder(db)).toEqual(Object.keys(ERA));
    expect((await sql`SELECT id FROM annotations`.execute(db)).rows).toEqual(annotations);
    expect((await migrateToLatest(db, next)).applied).toEqual(['009_next_step']);
    await db.destroy();
  });

  it('signing settings recorded, decision rules not yet: renamed to 007, then 008 applies', async () => {
    const db = await databaseByOldCode(OLD_NAMES.slice(0, 7));
    const settings = (await sql`SELECT * FROM org_signing_settings`.execute(db)).rows;
    expect((await migrateToLatest(db, ERA)).applied).toEqual(['008_decision_rules']);
    expect(await namesInRunOrder(db)).toEqual(Object.keys(ERA));
    expect((await sql`SELECT * FROM org_signing_settings`.execute(db)).rows).toEqual(settings);
    await db.destroy();
  });
});
