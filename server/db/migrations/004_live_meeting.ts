import { sql, type Kysely } from 'kysely';
import { ddl } from '../dialect';

/**
 * Live meeting, votes and written opinions.
 *
 * Secret ballots: `vote_turnout` says THAT a member voted, `secret_ballots` WHAT was chosen;
 * nothing joins them. Both are WITHOUT ROWID tables, so there is no hidden rowid recording
 * insertion order: turnout rows are stored in member-id order, ballots in the order of their
 * random receipt code (which is their primary key). Neither has a timestamp, and
 * `vote_requests` (replay protection) keeps only the request id, never the user.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { withoutRowid, real } = ddl(db);
  await db.schema
    .createTable('live_meetings')
    .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
    .addColumn('current_item_id', 'text')
    .addColumn('speaker_seconds', 'integer', (c) => c.notNull().defaultTo(600))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('speaker_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('agenda_item_id', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', real, (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('speaker_requests_meeting').on('speaker_requests').columns(['meeting_id', 'status']).execute();

  await db.schema
    .createTable('votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('agenda_item_id', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('allow_change', 'integer', (c) => c.notNull())
    .addColumn('live_count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('result_json', 'text')
    .addColumn('document_id', 'text')
    .execute();
  await db.schema.createIndex('votes_meeting').on('votes').columns(['meeting_id', 'status']).execute();

  // Open votes: whose ballot, who pressed the button, what was chosen.
  await sql`CREATE TABLE open_ballots (
    vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    cast_by TEXT NOT NULL,
    option_id TEXT NOT NULL,
    cast_at TEXT NOT NULL,
    PRIMARY KEY (vote_id, member_id)
  )`.execute(db);
  // Secret votes, side 1: who voted (no choice, no time).
  await sql`CREATE TABLE vote_turnout (
    vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    cast_by TEXT NOT NULL,
    PRIMARY KEY (vote_id, member_id)
  ) ${withoutRowid}`.execute(db);
  // Secret votes, side 2: what was chosen (no user, no time; stored in random receipt order).
  await sql`CREATE TABLE secret_ballots (
    vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    receipt TEXT NOT NULL,
    option_id TEXT NOT NULL,
    PRIMARY KEY (vote_id, receipt)
  ) ${withoutRowid}`.execute(db);
  // Replay protection: request ids already used (no user, no time).
  await sql`CREATE TABLE vote_requests (
    request_id TEXT PRIMARY KEY,
    vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE
  ) ${withoutRowid}`.execute(db);

  // Written opinions between meetings (phiếu lấy ý kiến).
  await db.schema
    .createTable('opinion_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('meeting_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('document_ids_json', 'text', (c) => c.notNull())
    .addColumn('instructed_by', 'text')
    .addColumn('sent_by', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('silence_as_consent', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text')
    .addColumn('summary_sha256', 'text')
    .addColumn('summary_size', 'integer')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('opinion_recipients')
    .addColumn('request_id', 'text', (c) => c.notNull().references('opinion_requests.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reminded_at', 'text')
    .addPrimaryKeyConstraint('opinion_recipients_pk', ['request_id', 'user_id'])
    .execute();
  await db.schema.createIndex('opinion_recipients_user').on('opinion_recipients').column('user_id').execute();
  await db.schema
    .createTable('opinion_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('opinion_requests.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_answers_request_user').on('opinion_answers').columns(['request_id', 'user_id']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'opinion_answers',
    'opinion_recipients',
    'opinion_requests',
    'vote_requests',
    'secret_ballots',
    'vote_turnout',
    'open_ballots',
    'votes',
    'speaker_requests',
    'live_meetings',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
