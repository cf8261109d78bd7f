/**
 * Server databases at any migration step, with data in them: the rows the app writes once each
 * step exists (a committee, its meeting, participants, papers and their versions, votes,
 * signature requests, annotations…), written against that step's schema.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { Kysely, sql, SqliteDialect, type Migration } from 'kysely';
import { migrateToLatest, MIGRATIONS } from '../../server/db/migrate';
import { DEFAULT_DECISION_RULES } from '../../shared/rules/voting';
import { entryHash } from '../../server/audit/chain';
import { connectPostgres } from '../../server/db/open';
import { isPostgres } from '../../server/db/dialect';
import { copyOfPostgresDatabase, freshPostgresDatabase, type TestPostgresDatabase } from '../helpers/postgres';

const dirs: string[] = [];
const pgDatabases: { db: Kysely<any>; database: TestPostgresDatabase }[] = [];

/**
 * A new SQLite file in a temp folder (or a new PostgreSQL database), opened like the server opens
 * it but not migrated.
 */
export async function unmigratedDatabase(dialect: 'sqlite' | 'postgres' = 'sqlite'): Promise<Kysely<any>> {
  if (dialect === 'postgres') {
    const database = await freshPostgresDatabase();
    const db = connectPostgres(database.url, { maxConnections: 2 });
    pgDatabases.push({ db, database });
    return db;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ecab-mig-'));
  dirs.push(dir);
  const sqlite = new BetterSqlite3(join(dir, 'ecabinet.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function removeMigrationDirs(): Promise<void> {
  for (const walk of walks.values()) await walk.close().catch(() => {});
  walks.clear();
  for (const { db, database } of pgDatabases.splice(0)) {
    await db.destroy().catch(() => {});
    await database.drop();
  }
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
}

/** The first `n` migrations, as a list `migrateToLatest` takes. */
export function firstMigrations(n: number): Record<string, Migration> {
  return Object.fromEntries(Object.entries(MIGRATIONS).slice(0, n));
}

/** Migrates a fresh database step by step to step `n`, writing each step's rows once it exists. */
export async function databaseWithRowsAt(n: number, dialect: 'sqlite' | 'postgres' = 'sqlite'): Promise<Kysely<any>> {
  const db = await unmigratedDatabase(dialect);
  for (const [i, name] of Object.keys(MIGRATIONS).slice(0, n).entries()) {
    await migrateToLatest(db, firstMigrations(i + 1));
    await ROWS_ONCE_STEP_EXISTS[name]!(db);
  }
  return db;
}

/**
 * A database walked forward one step at a time (each step's rows written once it exists), so
 * that a copy at step n costs one step, not the n steps `databaseWithRowsAt(n)` runs again.
 */
interface Walk {
  step: number;
  db: Kysely<any>;
  /** Opens the same database again (after a copy, which needs it closed on PostgreSQL). */
  copy(): Promise<Kysely<any>>;
  close(): Promise<void>;
}

const walks = new Map<'sqlite' | 'postgres', Walk>();

async function newWalk(dialect: 'sqlite' | 'postgres'): Promise<Walk> {
  if (dialect === 'postgres') {
    const database = await freshPostgresDatabase();
    const connect = () => connectPostgres(database.url, { maxConnections: 2 }) as Kysely<any>;
    const walk: Walk = {
      step: 0,
      db: connect(),
      async copy() {
        await walk.db.destroy();
        try {
          const copy = await copyOfPostgresDatabase(database);
          const db = connectPostgres(copy.url, { maxConnections: 2 }) as Kysely<any>;
          pgDatabases.push({ db, database: copy });
          return db;
        } finally {
          walk.db = connect();
        }
      },
      async close() {
        await walk.db.destroy();
        await database.drop();
      },
    };
    return walk;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ecab-mig-'));
  dirs.push(dir);
  const file = join(dir, 'walk.sqlite');
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  let copies = 0;
  const walk: Walk = {
    step: 0,
    db: new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) }),
    async copy() {
      // Everything in the main file, then the file itself: the same pages, rowids included.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const copied = join(dir, `copy-${++copies}.sqlite`);
      await copyFile(file, copied);
      const db = new BetterSqlite3(copied);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      return new Kysely<any>({ dialect: new SqliteDialect({ database: db }) });
    },
    async close() {
      await walk.db.destroy();
    },
  };
  return walk;
}

/**
 * The same database as `databaseWithRowsAt(n, dialect)`, copied from a walk kept for the file:
 * asked for steps in increasing order (as the step-by-step suite does), each costs one step.
 * The caller destroys it; `removeMigrationDirs` removes what is left.
 */
export async function copyOfDatabaseWithRowsAt(n: number, dialect: 'sqlite' | 'postgres' = 'sqlite'): Promise<Kysely<any>> {
  let walk = walks.get(dialect);
  if (!walk || walk.step > n) {
    await walk?.close();
    walk = await newWalk(dialect);
    walks.set(dialect, walk);
  }
  const names = Object.keys(MIGRATIONS);
  for (; walk.step < n; walk.step++) {
    await migrateToLatest(walk.db, firstMigrations(walk.step + 1));
    await ROWS_ONCE_STEP_EXISTS[names[walk.step]!]!(walk.db);
  }
  return walk.copy();
}

/** Bookkeeping tables of the Migrator: not application data. */
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);

export type Snapshot = Map<string, { columns: string[]; rows: string[] }>;

/** Every row of every application table (rows as JSON, sorted: tables without rowid too). */
export async function snapshot(db: Kysely<any>): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const table of await applicationTables(db)) {
    const columns = await columnsOf(db, table);
    out.set(table, { columns, rows: await rowsOf(db, table, columns) });
  }
  return out;
}

/** The rows of `table` now, in the columns it had when `before` was taken. */
export async function rowsOf(db: Kysely<any>, table: string, columns: string[]): Promise<string[]> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const { rows } = await sql.raw<Record<string, unknown>>(`SELECT ${list} FROM "${table}"`).execute(db);
  return rows.map((r) => JSON.stringify(columns.map((c) => r[c]))).sort();
}

export async function columnsOf(db: Kysely<any>, table: string): Promise<string[]> {
  const { rows } = isPostgres(db)
    ? await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(db)
    : await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db);
  return rows.map((c) => c.name);
}

export async function applicationTables(db: Kysely<any>): Promise<string[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
    return rows.map((r) => r.name).filter((n) => !BOOKKEEPING.has(n));
  }
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db);
  return rows.map((r) => r.name).filter((n) => !BOOKKEEPING.has(n));
}

export async function emptyTables(db: Kysely<any>): Promise<string[]> {
  const empty: string[] = [];
  for (const t of await applicationTables(db)) {
    const { rows } = await sql.raw(`SELECT 1 FROM "${t}" LIMIT 1`).execute(db);
    if (rows.length === 0) empty.push(t);
  }
  return empty;
}

// ---- the committee's data ------------------------------------------------------------------

export const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export const ID = {
  org: '6f1c2b1e-0000-4000-8000-000000000001',
  chair: '6f1c2b1e-0000-4000-8000-000000000011',
  member: '6f1c2b1e-0000-4000-8000-000000000012',
  secretary: '6f1c2b1e-0000-4000-8000-000000000013',
  session: '6f1c2b1e-0000-4000-8000-000000000021',
  meeting: '6f1c2b1e-0000-4000-8000-000000000031',
  itemBudget: '6f1c2b1e-0000-4000-8000-000000000041',
  itemPlanning: '6f1c2b1e-0000-4000-8000-000000000042',
  docPublic: '6f1c2b1e-0000-4000-8000-000000000051',
  docConfidential: '6f1c2b1e-0000-4000-8000-000000000052',
  vote: '6f1c2b1e-0000-4000-8000-000000000061',
  secretVote: '6f1c2b1e-0000-4000-8000-000000000062',
  sealedVote: '6f1c2b1e-0000-4000-8000-000000000063',
  opinion: '6f1c2b1e-0000-4000-8000-000000000071',
  signatureRequest: '6f1c2b1e-0000-4000-8000-000000000081',
  annotation: '6f1c2b1e-0000-4000-8000-000000000091',
  sharedAnnotation: '6f1c2b1e-0000-4000-8000-000000000092',
  secondOrg: '6f1c2b1e-0000-4000-8000-000000000002',
};
export const SHA = { budgetV1: sha('Tờ trình dự toán ngân sách v1'), budgetV2: sha('Tờ trình dự toán ngân sách v2'), planning: sha('Quy hoạch phân khu (mật)'), planningV2: sha('Quy hoạch phân khu v2 (mật)'), seal: sha('con dấu đỏ') };
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 1, minutes)).toISOString();

/** What the app writes once each step exists. One entry per migration: a new one needs its rows. */
export const ROWS_ONCE_STEP_EXISTS: Record<string, (db: Kysely<any>) => Promise<void>> = {
  async '001_initial'(db) {
    await db.insertInto('organizations').values({ id: ID.org, name: 'Ủy ban nhân dân thành phố Huế', short_name: 'UBND TP Huế', created_at: at(0) }).execute();
    const user = (id: string, username: string, full_name: string, title: string, role: string) => ({
      id, org_id: ID.org, username, full_name, title, role, password_hash: '$scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaA', failed_logins: 0, locked_until: null, created_at: at(0),
    });
    await db
      .insertInto('users')
      .values([
        user(ID.chair, 'chutich', 'Nguyễn Văn An', 'Chủ tịch UBND', 'chair'),
        user(ID.member, 'uyvien', 'Trần Thị Bình', 'Phó Chủ tịch UBND', 'member'),
        user(ID.secretary, 'thuky', 'Lê Văn Cường', 'Chánh Văn phòng', 'secretary'),
      ])
      .execute();
    await db.insertInto('sessions').values({ id: ID.session, user_id: ID.member, device_name: 'Máy tính bảng phòng họp 3', created_at: at(1), last_used_at: at(2), revoked_at: null }).execute();
    await db.insertInto('auth_tokens').values({ token_hash: sha('refresh-token'), session_id: ID.session, kind: 'refresh', expires_at: at(60 * 24 * 30), used_at: null }).execute();
    await db
      .insertInto('meetings')
      .values({ id: ID.meeting, org_id: ID.org, title: 'Phiên họp thường kỳ tháng 3/2026', starts_at: at(120), ends_at: at(300), location: 'Phòng họp số 1', status: 'published', chair_id: ID.chair, updated_at: at(5) })
      .execute();
    await db
      .insertInto('participants')
      .values([
        { id: `${ID.meeting}-p1`, meeting_id: ID.meeting, user_id: ID.chair, role: 'chair' },
        { id: `${ID.meeting}-p2`, meeting_id: ID.meeting, user_id: ID.member, role: 'member' },
        { id: `${ID.meeting}-p3`, meeting_id: ID.meeting, user_id: ID.secretary, role: 'secretary' },
      ])
      .execute();
    await db
      .insertInto('agenda_items')
      .values([
        { id: ID.itemBudget, meeting_id: ID.meeting, position: 1, title: 'Dự toán ngân sách 2026', presenter_id: ID.member, presenter_label: 'Sở Tài chính', planned_minutes: 30, updated_at: at(5) },
        { id: ID.itemPlanning, meeting_id: ID.meeting, position: 2, title: 'Quy hoạch phân khu', presenter_id: null, presenter_label: 'Sở Xây dựng', planned_minutes: 45, updated_at: at(5) },
      ])
      .execute();
    await db
      .insertInto('blobs')
      .values([SHA.budgetV1, SHA.budgetV2, SHA.planning].map((s, i) => ({ sha256: s, size: 10_000 + i, created_at: at(3) })))
      .execute();
    await db
      .insertInto('documents')
      .values([
        { id: ID.docPublic, meeting_id: ID.meeting, agenda_item_id: ID.itemBudget, title: 'Tờ trình dự toán', file_name: 'to-trinh.pdf', sha256: SHA.budgetV2, size: 10_001, version: 2, classification: 'internal', updated_at: at(4) },
        { id: ID.docConfidential, meeting_id: ID.meeting, agenda_item_id: ID.itemPlanning, title: 'Quy hoạch (mật)', file_name: 'quy-hoach.pdf', sha256: SHA.planning, size: 10_002, version: 1, classification: 'confidential', updated_at: at(4) },
      ])
      .execute();
    await db
      .insertInto('document_versions')
      .values([
        { document_id: ID.docPublic, version: 1, sha256: SHA.budgetV1, size: 10_000, file_name: 'to-trinh.pdf', created_by: ID.secretary, created_at: at(3) },
        { document_id: ID.docPublic, version: 2, sha256: SHA.budgetV2, size: 10_001, file_name: 'to-trinh.pdf', created_by: ID.secretary, created_at: at(4) },
        { document_id: ID.docConfidential, version: 1, sha256: SHA.planning, size: 10_002, file_name: 'quy-hoach.pdf', created_by: ID.secretary, created_at: at(4) },
      ])
      .execute();
    await db.insertInto('document_views').values({ id: `${ID.member}-view-1`, user_id: ID.member, document_id: ID.docPublic, version: 2, viewed_at: at(10) }).execute();
    await db
      .insertInto('change_log')
      .values([
        { entity: 'meeting', entity_id: ID.meeting, op: 'upsert', scope: `meeting:${ID.meeting}`, created_at: at(5) },
        { entity: 'document', entity_id: ID.docPublic, op: 'upsert', scope: `meeting:${ID.meeting}`, created_at: at(5) },
      ])
      .execute();
    await db.insertInto('applied_mutations').values({ id: 'mutation-view-1', user_id: ID.member, kind: 'document.markViewed', result_json: '{"ok":true}', created_at: at(10) }).execute();
    await db
      .insertInto('audit_log')
      .values({ user_id: ID.secretary, action: 'meeting.publish', entity: 'meeting', entity_id: ID.meeting, before_json: '{"status":"draft"}', after_json: '{"status":"published"}', at: at(5) })
      .execute();
    await db.insertInto('server_meta').values({ key: 'server_id', value: '6f1c2b1e-0000-4000-8000-0000000000ff' }).execute();
  },

  async '002_secretariat'(db) {
    await db
      .updateTable('meetings')
      .set({ kind: 'thematic', online_link: 'https://hop.hue.gov.vn/p3', host_agency: 'Văn phòng UBND', quorum_numerator: 1, quorum_denominator: 2, published_at: at(5), revision: 3 })
      .where('id', '=', ID.meeting)
      .execute();
    await db.updateTable('participants').set({ attendance: 'present', checked_in_at: at(118), checked_in_by: ID.secretary, revision: 2 }).where('user_id', '=', ID.chair).execute();
    await db.updateTable('participants').set({ attendance: 'absent', delegate_name: 'Phạm Thu Dung (Phó Giám đốc Sở Tài chính)', revision: 2 }).where('user_id', '=', ID.member).execute();
    await db.updateTable('agenda_items').set({ presenter_agency: 'Sở Tài chính', revision: 2 }).where('id', '=', ID.itemBudget).execute();
    // A new version of the confidential paper, written the way the app writes versions now.
    await db.insertInto('blobs').values({ sha256: SHA.planningV2, size: 10_003, created_at: at(20) }).execute();
    await db
      .insertInto('document_versions')
      .values({ document_id: ID.docConfidential, version: 2, sha256: SHA.planningV2, size: 10_003, file_name: 'quy-hoach.pdf', created_by: ID.secretary, created_at: at(20), uid: '6f1c2b1e-0000-4000-8000-0000000000a2' })
      .execute();
    await db.updateTable('documents').set({ sha256: SHA.planningV2, size: 10_003, version: 2, revision: 2, updated_at: at(20) }).where('id', '=', ID.docConfidential).execute();
    await db.deleteFrom('document_readers').where('document_id', '=', ID.docConfidential).where('user_id', '=', ID.member).execute();
    await db.insertInto('notices').values({ id: 'notice-1', user_id: ID.member, meeting_id: ID.meeting, kind: 'invitation', title: 'Giấy mời họp', sha256: SHA.budgetV1, size: 10_000, created_at: at(6), read_at: null }).execute();
    await db.insertInto('meeting_changes').values({ id: 'change-1', meeting_id: ID.meeting, change: 'document_version', subject: 'Quy hoạch (mật)', by_user_id: ID.secretary, at: at(20) }).execute();
    await db.insertInto('minutes').values({ id: 'minutes-1', meeting_id: ID.meeting, body: 'Biên bản phiên họp…', conclusions: 'Thống nhất dự toán.', document_id: null, revision: 2, updated_at: at(310) }).execute();
    await db
      .insertInto('tasks')
      .values({ id: 'task-1', meeting_id: ID.meeting, title: 'Hoàn thiện dự toán', agency: 'Sở Tài chính', assignee: 'Giám đốc Sở', deadline: '2026-04-15', expected_result: 'Tờ trình hoàn chỉnh', follower: 'Văn phòng UBND', status: 'open', revision: 1, updated_at: at(310) })
      .execute();
  },

  async '003_document_permissions'(db) {
    await db.updateTable('documents').set({ allow_print: 0, allow_download: 1 }).where('id', '=', ID.docPublic).execute();
  },

  async '004_live_meeting'(db) {
    await db.insertInto('live_meetings').values({ meeting_id: ID.meeting, current_item_id: ID.itemBudget, speaker_seconds: 300, revision: 4, updated_at: at(125) }).execute();
    await db
      .insertInto('speaker_requests')
      .values({ id: 'speaker-1', meeting_id: ID.meeting, agenda_item_id: ID.itemBudget, user_id: ID.member, status: 'waiting', position: 1, requested_at: at(126), started_at: null, duration_seconds: 300 })
      .execute();
    const options = JSON.stringify([{ id: 'yes', label: 'Tán thành' }, { id: 'no', label: 'Không tán thành' }]);
    const vote = (id: string, kind: string, status: string) => ({
      id, meeting_id: ID.meeting, agenda_item_id: ID.itemBudget, question: 'Thông qua dự toán?', options_json: options, kind, allow_change: 0, live_count: 1, status,
      opened_by: ID.chair, opened_at: at(130), closes_at: null, closed_at: status === 'closed' ? at(135) : null, closed_by: status === 'closed' ? ID.chair : null,
      result_json: status === 'closed' ? '{"yes":2,"no":0}' : null, document_id: null,
    });
    await db.insertInto('votes').values([vote(ID.vote, 'open', 'closed'), vote(ID.secretVote, 'secret', 'open')]).execute();
    await db.insertInto('open_ballots').values({ vote_id: ID.vote, member_id: ID.chair, cast_by: ID.chair, option_id: 'yes', cast_at: at(131) }).execute();
    await db.insertInto('vote_turnout').values({ vote_id: ID.secretVote, member_id: ID.member, cast_by: ID.member }).execute();
    await db.insertInto('secret_ballots').values({ vote_id: ID.secretVote, receipt: 'K7Q2-9XPM', option_id: 'no' }).execute();
    await db.insertInto('vote_requests').values({ request_id: 'request-1', vote_id: ID.secretVote }).execute();
    await db
      .insertInto('opinion_requests')
      .values({
        id: ID.opinion, org_id: ID.org, meeting_id: null, title: 'Lấy ý kiến về quy hoạch', question: 'Đồng ý thông qua?', document_ids_json: JSON.stringify([ID.docPublic]),
        instructed_by: ID.chair, sent_by: ID.secretary, sent_at: at(400), deadline: '2026-03-10', silence_as_consent: 1, status: 'open',
        summary_json: null, summary_sha256: null, summary_size: null, revision: 1, updated_at: at(400),
      })
      .execute();
    await db.insertInto('opinion_recipients').values({ request_id: ID.opinion, user_id: ID.member, reminded_at: null }).execute();
    await db.insertInto('opinion_answers').values({ id: 'answer-1', request_id: ID.opinion, user_id: ID.member, answer: 'agree', comment: '', answered_at: at(410) }).execute();
  },

  async '005_signing_workflow'(db) {
    await db
      .insertInto('signature_requests')
      .values({
        id: ID.signatureRequest, org_id: ID.org, meeting_id: ID.meeting, document_id: ID.docPublic, document_title: 'Tờ trình dự toán', file_name: 'to-trinh.pdf',
        base_version: 2, base_sha256: SHA.budgetV2, current_sha256: SHA.budgetV2, current_size: 10_001, status: 'in_progress', note: 'Kính trình',
        created_by: ID.secretary, created_at: at(320), issued_version: null, revision: 2, updated_at: at(321),
      })
      .execute();
    await db
      .insertInto('signature_steps')
      .values([
        { id: 'step-1', request_id: ID.signatureRequest, position: 1, user_id: ID.member, role: 'signer', status: 'signed', acted_at: at(321), sha256: SHA.budgetV2, comment: '' },
        { id: 'step-2', request_id: ID.signatureRequest, position: 2, user_id: ID.chair, role: 'signer', status: 'to_sign', acted_at: null, sha256: null, comment: '' },
      ])
      .execute();
  },

  async '006_annotations'(db) {
    const data = JSON.stringify({ type: 'Annotation', body: { value: 'Xem lại khoản 3' }, target: { source: ID.docPublic, selector: { page: 2 } } });
    await db
      .insertInto('annotations')
      .values([
        { id: ID.annotation, user_id: ID.member, document_id: ID.docPublic, meeting_id: ID.meeting, shared_from_id: null, data_json: data, shared: 1, deleted: 0, revision: 2, updated_at: at(140) },
        { id: ID.sharedAnnotation, user_id: ID.chair, document_id: ID.docPublic, meeting_id: ID.meeting, shared_from_id: ID.annotation, data_json: data, shared: 0, deleted: 0, revision: 1, updated_at: at(141) },
        { id: 'annotation-deleted', user_id: ID.member, document_id: ID.docPublic, meeting_id: ID.meeting, shared_from_id: null, data_json: '{}', shared: 0, deleted: 1, revision: 3, updated_at: at(142) },
      ])
      .execute();
    await db.insertInto('presentations').values({ meeting_id: ID.meeting, document_id: ID.docPublic, page: 4, presenter_id: ID.member, updated_at: at(143) }).execute();
  },

  async '007_signing_settings'(db) {
    await db.insertInto('blobs').values({ sha256: SHA.seal, size: 2048, created_at: at(500) }).execute();
    await db.insertInto('org_signing_settings').values({ org_id: ID.org, seal_sha256: SHA.seal, seal_size: 2048, name_check: 'strict', revision: 2, updated_by: ID.secretary, updated_at: at(500) }).execute();
    await db.updateTable('signature_requests').set({ certify: 1 }).where('id', '=', ID.signatureRequest).execute();
    await db.updateTable('signature_steps').set({ certificate_name: 'TRẦN THỊ BÌNH', name_check: 'match' }).where('id', '=', 'step-1').execute();
  },

  async '008_decision_rules'(db) {
    await db.insertInto('org_decision_rules').values({ org_id: ID.org, rules_json: JSON.stringify(DEFAULT_DECISION_RULES), updated_by: ID.secretary, updated_at: at(600) }).execute();
  },

  async '009_sealed_ballots'(db) {
    // A second secret vote, open, with one sealed ballot (the bytes stand for an AES-GCM seal).
    await db
      .insertInto('votes')
      .values({
        id: ID.sealedVote, meeting_id: ID.meeting, agenda_item_id: ID.itemPlanning, question: 'Thông qua nhân sự?', options_json: JSON.stringify([{ id: 'yes', meaning: 'for' }, { id: 'no', meaning: 'against' }]),
        kind: 'secret', allow_change: 0, live_count: 0, status: 'open', opened_by: ID.chair, opened_at: at(700), closes_at: null, closed_at: null, closed_by: null, result_json: null, document_id: null,
      })
      .execute();
    await db.insertInto('ballot_keys').values({ vote_id: ID.sealedVote, wrapped: Buffer.alloc(61, 7) }).execute();
    await db.insertInto('sealed_ballots').values({ vote_id: ID.sealedVote, slot: Buffer.alloc(16, 1), sealed: Buffer.alloc(541, 9) }).execute();
  },

  async '010_devices'(db) {
    await db.updateTable('users').set({ disabled_at: at(700) }).where('id', '=', ID.chair).execute();
    await db.updateTable('sessions').set({ platform: 'win32 x64', last_address: '10.0.0.7', expires_at: at(60 * 24 * 30), revoked_at: at(701), revoked_reason: 'admin' }).where('id', '=', ID.session).execute();
    await db.updateTable('organizations').set({ retention_json: JSON.stringify({ public: { daysAfterClose: null, redownload: true }, internal: { daysAfterClose: null, redownload: true }, confidential: { daysAfterClose: 7, redownload: false } }) }).where('id', '=', ID.org).execute();
  },

  async '011_audit_chain'(db) {
    // The app appends through the chain: the next entry links to the newest one.
    const last = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const entry = { user_id: ID.secretary, action: 'meeting.close', entity: 'meeting', entity_id: ID.meeting, before_json: '{"status":"published"}', after_json: '{"status":"closed"}', at: at(700), prev_hash: last.hash };
    await db.insertInto('audit_log').values({ ...entry, hash: entryHash(entry) }).execute();
  },

  async '012_document_register'(db) {
    // The closed vote's result took the year's first KQ number; the open one was opened without quorum.
    await db
      .insertInto('document_register')
      .values({ id: 'register-1', org_id: ID.org, doc_type: 'KQ', year: 2026, number: 1, issuer_code: 'UBND', subject_kind: 'vote', subject_id: ID.vote, issued_at: at(135), issued_by: ID.chair })
      .execute();
    await db.updateTable('votes').set({ quorum_override_reason: 'Thành viên vắng đã báo cáo ý kiến bằng văn bản' }).where('id', '=', ID.secretVote).execute();
  },
  async '013_login_throttle'(db) {
    // Someone failed to sign in three times from one address.
    await db.insertInto('login_throttle').values({ key: 'a'.repeat(64), failures: 3, blocked_until: Date.parse(at(140)), last_failure_at: Date.parse(at(140)) }).execute();
  },
  async '014_access_notices'() {
    // No table: triggers on PostgreSQL, nothing on SQLite.
  },
  async '015_office_originals'(db) {
    // The budget's second version was converted from the department's Word file.
    const docx = sha('to-trinh-v2.docx');
    await db.insertInto('blobs').values({ sha256: docx, size: 7_000, created_at: at(4) }).execute();
    await db
      .insertInto('office_originals')
      .values({ pdf_sha256: SHA.budgetV2, original_sha256: docx, file_name: 'to-trinh-v2.docx', size: 7_000, converted_by: ID.secretary, converted_at: at(4) })
      .execute();
  },
  async '016_ocr_results'(db) {
    // The budget's first version was a scan: recognised; its second has a text layer.
    await db
      .insertInto('ocr_results')
      .values([
        { sha256: SHA.budgetV1, state: 'done', done: 1, total: 1, attempts: 1, layer: JSON.stringify({ state: 'done', pages: ['Tờ trình'], words: [[]], finishedAt: at(4) }), updated_at: at(4) },
        { sha256: SHA.budgetV2, state: 'running', done: 0, total: 2, attempts: 1, layer: null, updated_at: at(4) },
      ])
      .execute();
  },
  async '017_organisations'(db) {
    // A second committee: the city's chair also chairs the department's own meetings.
    await db.insertInto('organizations').values({ id: ID.secondOrg, name: 'Sở Tài chính thành phố Huế', short_name: 'STC Huế', created_at: at(800) }).execute();
    await db.insertInto('organisation_members').values({ org_id: ID.secondOrg, user_id: ID.chair, role: 'chair', created_at: at(800) }).execute();
  },
};
