import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './migrations/001_initial';
import * as m002 from './migrations/002_secretariat';
import * as m003 from './migrations/003_document_permissions';
import * as m004 from './migrations/004_live_meeting';
import * as m005 from './migrations/005_signing_workflow';
import * as m006 from './migrations/006_annotations';
import * as m008 from './migrations/008_signing_settings';
import * as m009 from './migrations/009_decision_rules';

/** Listed statically (no directory globbing) so the server bundles into one file. */
export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': m001,
  '002_secretariat': m002,
  '003_document_permissions': m003,
  '004_live_meeting': m004,
  '005_signing_workflow': m005,
  '006_annotations': m006,
  '008_signing_settings': m008,
  '009_decision_rules': m009,
};

const staticProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the database to the newest schema; running it again is a no-op. */
export async function migrateToLatest(db: Kysely<any>): Promise<{ applied: string[] }> {
  // Unordered: migrations are written in parallel (002 may land after 003 ran somewhere); each
  // one still runs exactly once.
  const migrator = new Migrator({ db, provider: staticProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
