import type { Kysely, Migration } from 'kysely';
import { applyEachInTransaction, migrationNumberingProblems } from './migration-runner';
import { adoptRenumberedMigrations } from './renumbered-migrations';
import * as m001 from './migrations/001_initial';
import * as m002 from './migrations/002_secretariat';
import * as m003 from './migrations/003_document_permissions';
import * as m004 from './migrations/004_live_meeting';
import * as m005 from './migrations/005_signing_workflow';
import * as m006 from './migrations/006_annotations';
import * as m007 from './migrations/007_signing_settings';
import * as m008 from './migrations/008_decision_rules';
import * as m009 from './migrations/009_sealed_ballots';
import * as m010 from './migrations/010_devices';
import * as m011 from './migrations/011_audit_chain';
import * as m012 from './migrations/012_document_register';
import * as m013 from './migrations/013_login_throttle';
import * as m014 from './migrations/014_access_notices';
import * as m015 from './migrations/015_office_originals';
import * as m016 from './migrations/016_ocr_results';
import * as m017 from './migrations/017_organisations';

/**
 * Listed statically (no directory globbing) so the server bundles into one file. Numbered
 * without gaps and applied strictly in order: a new migration takes the next number.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': m001,
  '002_secretariat': m002,
  '003_document_permissions': m003,
  '004_live_meeting': m004,
  '005_signing_workflow': m005,
  '006_annotations': m006,
  '007_signing_settings': m007,
  '008_decision_rules': m008,
  '009_sealed_ballots': m009,
  '010_devices': m010,
  '011_audit_chain': m011,
  '012_document_register': m012,
  '013_login_throttle': m013,
  '014_access_notices': m014,
  '015_office_originals': m015,
  '016_ocr_results': m016,
  '017_organisations': m017,
};

/**
 * Brings the database to the newest schema (or to the last of `migrations`); running it again
 * is a no-op. Each step runs in its own transaction. Refuses a list whose numbering has a gap
 * or a duplicate, and a database that recorded a step this list does not have in that place.
 */
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration> = MIGRATIONS): Promise<{ applied: string[] }> {
  const problems = migrationNumberingProblems(Object.keys(migrations));
  if (problems.length > 0) throw new Error(`migrations are not numbered 001, 002, … without gaps: ${problems.join('; ')}`);
  const adopted = await adoptRenumberedMigrations(db, migrations);
  const applied = await applyEachInTransaction(db, migrations);
  return { applied: [...adopted, ...applied] };
}
