import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ddl } from '../dialect';

/**
 * Secretariat: meeting kind/link/host agency/quorum, attendance and delegation,
 * revisions for optimistic concurrency, confidential readers, notices, "what changed",
 * minutes, tasks, and stable ids for document versions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const add = async (table: string, column: string, type: string) => {
    await sql.raw(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`).execute(db);
  };
  await add('meetings', 'kind', "TEXT NOT NULL DEFAULT 'regular'");
  await add('meetings', 'online_link', "TEXT NOT NULL DEFAULT ''");
  await add('meetings', 'host_agency', "TEXT NOT NULL DEFAULT ''");
  await add('meetings', 'quorum_numerator', 'INTEGER NOT NULL DEFAULT 2');
  await add('meetings', 'quorum_denominator', 'INTEGER NOT NULL DEFAULT 3');
  await add('meetings', 'published_at', 'TEXT');
  await add('meetings', 'revision', 'INTEGER NOT NULL DEFAULT 1');

  await add('participants', 'attendance', "TEXT NOT NULL DEFAULT 'unknown'");
  await add('participants', 'delegate_name', "TEXT NOT NULL DEFAULT ''");
  await add('participants', 'delegate_user_id', 'TEXT');
  await add('participants', 'checked_in_at', 'TEXT');
  await add('participants', 'checked_in_by', 'TEXT');
  await add('participants', 'revision', 'INTEGER NOT NULL DEFAULT 1');

  await add('agenda_items', 'presenter_agency', "TEXT NOT NULL DEFAULT ''");
  await add('agenda_items', 'revision', 'INTEGER NOT NULL DEFAULT 1');

  await add('documents', 'revision', 'INTEGER NOT NULL DEFAULT 1');

  // Versions travel to clients as entities: they need a UUID like every other row.
  await add('document_versions', 'uid', 'TEXT');
  for (const r of await db.selectFrom('document_versions').select('id').execute())
    await db.updateTable('document_versions').set({ uid: randomUUID() }).where('id', '=', r.id).execute();
  await db.schema.createIndex('document_versions_uid').on('document_versions').column('uid').unique().execute();

  // Who may read a confidential document (besides the secretariat).
  await db.schema
    .createTable('document_readers')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('document_readers_pk', ['document_id', 'user_id'])
    .execute();
  await db.schema.createIndex('document_readers_user').on('document_readers').column('user_id').execute();
  // Existing confidential papers keep their readers: every participant of their meeting.
  await ddl(db)
    .insertOrIgnore(
      sql`document_readers (document_id, user_id)`,
      sql`SELECT d.id, p.user_id FROM documents d JOIN participants p ON p.meeting_id = d.meeting_id
    WHERE d.classification = 'confidential'`,
    )
    .execute(db);

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('size', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notices_user').on('notices').column('user_id').execute();
  await db.schema.createIndex('notices_sha256').on('notices').column('sha256').execute();

  await db.schema
    .createTable('meeting_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_changes_meeting').on('meeting_changes').column('meeting_id').execute();

  await db.schema
    .createTable('minutes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().unique().references('meetings.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('conclusions', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('expected_result', 'text', (c) => c.notNull())
    .addColumn('follower', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_meeting').on('tasks').column('meeting_id').execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['tasks', 'minutes', 'meeting_changes', 'notices', 'document_readers']) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex('audit_log_at').ifExists().execute();
  await db.schema.dropIndex('document_versions_uid').ifExists().execute();
  const drop = async (table: string, column: string) => {
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN ${column}`).execute(db);
  };
  await drop('document_versions', 'uid');
  await drop('documents', 'revision');
  for (const c of ['presenter_agency', 'revision']) await drop('agenda_items', c);
  for (const c of ['attendance', 'delegate_name', 'delegate_user_id', 'checked_in_at', 'checked_in_by', 'revision']) await drop('participants', c);
  for (const c of ['kind', 'online_link', 'host_agency', 'quorum_numerator', 'quorum_denominator', 'published_at', 'revision']) await drop('meetings', c);
}
