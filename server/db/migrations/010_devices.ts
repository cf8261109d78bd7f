import { sql, type Kysely } from 'kysely';

/**
 * Revocable accounts and devices, and the organisation's retention policy:
 * - users.disabled_at: a disabled account cannot sign in or refresh;
 * - sessions: what the device said of itself at sign-in (platform), where it was last seen from,
 *   the absolute end of the session whatever the refreshes, and why it was revoked (an admin's
 *   revocation tells the device to wipe its cache, a logout does not);
 * - organizations.retention_json: how long each classification stays on devices (null: defaults).
 * Sessions that existed before keep running until their sign-in plus the configured lifetime
 * (expires_at null is read that way).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN disabled_at TEXT`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN platform TEXT NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN last_address TEXT NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN expires_at TEXT`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN revoked_reason TEXT`.execute(db);
  await sql`ALTER TABLE organizations ADD COLUMN retention_json TEXT`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE organizations DROP COLUMN retention_json`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN revoked_reason`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN expires_at`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN last_address`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN platform`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN disabled_at`.execute(db);
}
