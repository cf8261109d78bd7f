import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './migrations/001_initial';

/** Listed statically (no directory globbing) so the server bundles into one file. */
export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': m001,
};

const staticProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the database to the newest schema; running it again is a no-op. */
export async function migrateToLatest(db: Kysely<any>): Promise<{ applied: string[] }> {
  const migrator = new Migrator({ db, provider: staticProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
