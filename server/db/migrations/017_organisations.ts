import { sql, type Kysely } from 'kysely';
import { ddl } from '../dialect';

/**
 * Many organisations (committees) in one deployment. A user belongs to one or more of them,
 * with a role in each (a department director is a member of the city committee and chairs his
 * own); his account's `org_id`/`role` stay as his home membership. The deployment's admins
 * create organisations and see everyone. Audit entries and stored files are tied to the
 * organisation(s) they belong to. An existing install has one organisation: everything in it
 * stays in it, unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { insertOrIgnore } = ddl(db);
  await sql`CREATE TABLE organisation_members (
    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
  )`.execute(db);
  await sql`CREATE INDEX organisation_members_user ON organisation_members(user_id)`.execute(db);
  await sql`INSERT INTO organisation_members (org_id, user_id, role, created_at) SELECT org_id, id, role, created_at FROM users`.execute(db);

  await sql`ALTER TABLE users ADD COLUMN deployment_admin INTEGER NOT NULL DEFAULT 0`.execute(db);
  // The administrator of a one-committee install administers the deployment.
  await sql`UPDATE users SET deployment_admin = 1 WHERE role = 'admin'`.execute(db);

  // Outside the hash chain's content: the chain and its verification stay as they were.
  await sql`ALTER TABLE audit_log ADD COLUMN org_id TEXT`.execute(db);
  await sql`UPDATE audit_log SET org_id = (SELECT users.org_id FROM users WHERE users.id = audit_log.user_id) WHERE user_id IS NOT NULL`.execute(db);
  await sql`UPDATE audit_log SET org_id = (SELECT id FROM organizations ORDER BY created_at, id LIMIT 1)
    WHERE org_id IS NULL AND (SELECT COUNT(*) FROM organizations) = 1`.execute(db);
  await sql`CREATE INDEX audit_log_org ON audit_log(org_id)`.execute(db);

  // Which organisation may reach a stored file by its hash alone (the secretariat's uploads).
  await sql`CREATE TABLE blob_orgs (
    sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    PRIMARY KEY (sha256, org_id)
  )`.execute(db);
  await insertOrIgnore(
    sql`blob_orgs (sha256, org_id)`,
    sql`SELECT DISTINCT d.sha256, m.org_id FROM documents d JOIN meetings m ON m.id = d.meeting_id`,
  ).execute(db);
  await insertOrIgnore(
    sql`blob_orgs (sha256, org_id)`,
    sql`SELECT DISTINCT v.sha256, m.org_id FROM document_versions v JOIN documents d ON d.id = v.document_id JOIN meetings m ON m.id = d.meeting_id`,
  ).execute(db);
  await insertOrIgnore(sql`blob_orgs (sha256, org_id)`, sql`SELECT DISTINCT n.sha256, m.org_id FROM notices n JOIN meetings m ON m.id = n.meeting_id WHERE n.sha256 IS NOT NULL`).execute(db);
  // One organisation (every install before this step): all its files are its own.
  await insertOrIgnore(
    sql`blob_orgs (sha256, org_id)`,
    sql`SELECT b.sha256, o.id FROM blobs b CROSS JOIN organizations o WHERE (SELECT COUNT(*) FROM organizations) = 1`,
  ).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE blob_orgs`.execute(db);
  await sql`DROP INDEX audit_log_org`.execute(db);
  await sql`ALTER TABLE audit_log DROP COLUMN org_id`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN deployment_admin`.execute(db);
  await sql`DROP TABLE organisation_members`.execute(db);
}
