import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect';

/** The channel `db/outside-writes.ts` listens on. */
export const ACCESS_CHANGED_CHANNEL = 'ecabinet_access_changed';

/**
 * PostgreSQL: a revoked session or a disabled account, whoever wrote it (`ecabinet user revoke`,
 * another server instance), sends a NOTIFY at its commit, so every server closes the sockets it
 * ended at once. Rows, not statements: a token refresh touches `sessions` too and must stay quiet.
 * SQLite needs nothing: the server watches the file's `data_version` instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`CREATE FUNCTION ecabinet_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(${sql.lit(ACCESS_CHANGED_CHANNEL)}, '');
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER sessions_access_changed AFTER UPDATE ON sessions FOR EACH ROW
    WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at) EXECUTE FUNCTION ecabinet_access_changed()`.execute(db);
  await sql`CREATE TRIGGER users_access_changed AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.disabled_at IS DISTINCT FROM NEW.disabled_at OR OLD.role IS DISTINCT FROM NEW.role) EXECUTE FUNCTION ecabinet_access_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`DROP TRIGGER users_access_changed ON users`.execute(db);
  await sql`DROP TRIGGER sessions_access_changed ON sessions`.execute(db);
  await sql`DROP FUNCTION ecabinet_access_changed()`.execute(db);
}
