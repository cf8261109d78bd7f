/**
 * Databases created before the migrations were numbered without gaps. Until then migrations
 * were written in parallel and allowed to run out of order, and number 007 was never used:
 * such a database records '008_signing_settings' and '009_decision_rules', may record its
 * steps in another order than their names, and may even lack a step below its newest one.
 * `adoptRenumberedMigrations` brings those records to the strict shape before the Migrator
 * runs; on any other database it changes nothing.
 */
import type { Kysely, Migration } from 'kysely';
import { applyEachInTransaction, recordedMigrations } from './migration-runner';

/** Old recorded name → name now, in the order they are renamed. */
export const RENUMBERED_MIGRATIONS: readonly (readonly [old: string, now: string])[] = [
  ['008_signing_settings', '007_signing_settings'],
  ['009_decision_rules', '008_decision_rules'],
];

/** Every migration that existed while they could run out of order (names as they are now). */
export const UNORDERED_ERA_MIGRATIONS: ReadonlySet<string> = new Set([
  '001_initial',
  '002_secretariat',
  '003_document_permissions',
  '004_live_meeting',
  '005_signing_workflow',
  '006_annotations',
  '007_signing_settings',
  '008_decision_rules',
]);

/**
 * Renames the old records, applies (out of order, as the old code would) any step of that era
 * missing below the newest one recorded, then orders the records' timestamps like their names,
 * which is what the strict Migrator checks. Each part is a transaction. Returns the names applied.
 */
export async function adoptRenumberedMigrations(db: Kysely<any>, migrations: Record<string, Migration>): Promise<string[]> {
  let recorded = await recordedMigrations(db);
  const oldNames = new Set(RENUMBERED_MIGRATIONS.map(([old]) => old));
  if (recorded.some((r) => oldNames.has(r.name))) {
    await db.transaction().execute(async (trx) => {
      for (const [old, now] of RENUMBERED_MIGRATIONS) await trx.updateTable('kysely_migration').set({ name: now }).where('name', '=', old).execute();
    });
    recorded = await recordedMigrations(db);
  }
  // A fresh database, or one already migrated strictly past that era: nothing to repair.
  if (recorded.length === 0 || !recorded.every((r) => UNORDERED_ERA_MIGRATIONS.has(r.name))) return [];

  const newest = recorded.map((r) => r.name).sort().at(-1)!;
  const upToNewest = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= newest));
  const applied = await applyEachInTransaction(db, upToNewest, { allowUnorderedMigrations: true });

  const rows = await recordedMigrations(db);
  const names = rows.map((r) => r.name).sort();
  const stamps = rows.map((r) => r.timestamp).sort((a, b) => new Date(a).getTime() - new Date(b).getTime());
  const current = new Map(rows.map((r) => [r.name, r.timestamp]));
  if (names.some((name, i) => current.get(name) !== stamps[i]))
    await db.transaction().execute(async (trx) => {
      for (const [i, name] of names.entries()) await trx.updateTable('kysely_migration').set({ timestamp: stamps[i] }).where('name', '=', name).execute();
    });
  return applied;
}
