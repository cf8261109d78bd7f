/**
 * Every server migration, run on a database at its predecessor that is full of data: the rows
 * survive, and the step does to them what it intends (new columns take their defaults, derived
 * rows appear). Data-driven: a migration without a case here fails the suite.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS } from '../../server/db/migrate';
import type { Db } from '../../server/db/open';
import { BallotBox } from '../../server/live-meeting/ballot-box';
import { closeVote } from '../../server/live-meeting/votes';
import { verifyAuditChain } from '../../server/audit/verify-chain';
import { isPostgres } from '../../server/db/dialect';
import { DIALECTS } from './helpers';
import {
  applicationTables,
  copyOfDatabaseWithRowsAt,
  emptyTables,
  firstMigrations,
  ID,
  removeMigrationDirs,
  ROWS_ONCE_STEP_EXISTS,
  rowsOf,
  snapshot,
} from './migration-fixtures';

afterAll(removeMigrationDirs);

interface StepCase {
  /** Tables whose existing columns the step rewrites on purpose (checked by `check` instead). */
  rewrites?: string[];
  /** What the step did to the rows of its predecessor. */
  check(db: Kysely<any>): Promise<void>;
}

const rows = async (db: Kysely<any>, query: string) => (await sql.raw<Record<string, unknown>>(query).execute(db)).rows;
const expectEmpty = async (db: Kysely<any>, tables: string[]) => {
  for (const t of tables) expect(await rows(db, `SELECT * FROM ${t}`), t).toEqual([]);
};

const CASES: Record<string, StepCase> = {
  '001_initial': {
    async check(db) {
      const tables = await applicationTables(db);
      for (const t of ['organizations', 'users', 'sessions', 'auth_tokens', 'meetings', 'participants', 'agenda_items', 'documents', 'document_versions', 'document_views', 'blobs', 'change_log', 'applied_mutations', 'audit_log', 'server_meta'])
        expect(tables).toContain(t);
      expect(await emptyTables(db)).toEqual(tables);
    },
  },
  '002_secretariat': {
    async check(db) {
      expect(await rows(db, 'SELECT kind, online_link, host_agency, quorum_numerator, quorum_denominator, published_at, revision FROM meetings')).toEqual([
        { kind: 'regular', online_link: '', host_agency: '', quorum_numerator: 2, quorum_denominator: 3, published_at: null, revision: 1 },
      ]);
      for (const p of await rows(db, 'SELECT attendance, delegate_name, delegate_user_id, checked_in_at, checked_in_by, revision FROM participants'))
        expect(p).toEqual({ attendance: 'unknown', delegate_name: '', delegate_user_id: null, checked_in_at: null, checked_in_by: null, revision: 1 });
      expect(await rows(db, 'SELECT DISTINCT presenter_agency, revision FROM agenda_items')).toEqual([{ presenter_agency: '', revision: 1 }]);
      expect(await rows(db, 'SELECT DISTINCT revision FROM documents')).toEqual([{ revision: 1 }]);
      // Every existing version gets its own UUID, to travel to clients as an entity.
      const uids = (await rows(db, 'SELECT uid FROM document_versions')).map((r) => r.uid as string);
      expect(uids).toHaveLength(3);
      for (const u of uids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(uids).size).toBe(3);
      // The confidential paper keeps its readers: every participant of its meeting; the internal one has none.
      expect(await rows(db, 'SELECT document_id, user_id FROM document_readers ORDER BY user_id')).toEqual(
        [ID.chair, ID.member, ID.secretary].sort().map((user_id) => ({ document_id: ID.docConfidential, user_id })),
      );
      await expectEmpty(db, ['notices', 'meeting_changes', 'minutes', 'tasks']);
    },
  },
  '003_document_permissions': {
    async check(db) {
      // NULL: follow the classification until someone decides otherwise.
      expect(await rows(db, 'SELECT id, allow_print, allow_download FROM documents ORDER BY id')).toEqual(
        [ID.docPublic, ID.docConfidential].sort().map((id) => ({ id, allow_print: null, allow_download: null })),
      );
    },
  },
  '004_live_meeting': {
    async check(db) {
      await expectEmpty(db, ['live_meetings', 'speaker_requests', 'votes', 'open_ballots', 'vote_turnout', 'secret_ballots', 'vote_requests', 'opinion_requests', 'opinion_recipients', 'opinion_answers']);
      // The new tables hang off the existing meeting and members.
      await sql`INSERT INTO live_meetings (meeting_id, updated_at) VALUES (${ID.meeting}, '2026-03-02T03:00:00.000Z')`.execute(db);
      expect(await rows(db, 'SELECT speaker_seconds, revision, current_item_id FROM live_meetings')).toEqual([{ speaker_seconds: 600, revision: 0, current_item_id: null }]);
      await expect(sql`INSERT INTO live_meetings (meeting_id, updated_at) VALUES ('no-such-meeting', 'x')`.execute(db)).rejects.toThrow(/foreign key/i);
    },
  },
  '005_signing_workflow': {
    async check(db) {
      await expectEmpty(db, ['signature_requests', 'signature_steps']);
    },
  },
  '006_annotations': {
    async check(db) {
      await expectEmpty(db, ['annotations', 'presentations']);
    },
  },
  '007_signing_settings': {
    async check(db) {
      expect(await rows(db, 'SELECT id, certify FROM signature_requests')).toEqual([{ id: ID.signatureRequest, certify: 0 }]);
      expect(await rows(db, 'SELECT id, certificate_name, name_check FROM signature_steps ORDER BY id')).toEqual([
        { id: 'step-1', certificate_name: null, name_check: null },
        { id: 'step-2', certificate_name: null, name_check: null },
      ]);
      await expectEmpty(db, ['org_signing_settings']);
    },
  },
  '008_decision_rules': {
    async check(db) {
      // No stored rules: the organisation follows the defaults until someone saves its own.
      await expectEmpty(db, ['org_decision_rules']);
    },
  },
  '009_sealed_ballots': {
    async check(db) {
      await expectEmpty(db, ['ballot_keys', 'sealed_ballots']);
      if (!isPostgres(db))
        for (const t of ['ballot_keys', 'sealed_ballots']) expect(await rows(db, `SELECT sql FROM sqlite_master WHERE name = '${t}'`)).toEqual([{ sql: expect.stringMatching(/WITHOUT ROWID/) }]);
      // The secret vote open at the upgrade keeps its plainly stored ballot and counts it at the close
      // (no sealed ballot to open, so no sealing key is needed).
      expect(await rows(db, `SELECT receipt, option_id FROM secret_ballots WHERE vote_id = '${ID.secretVote}'`)).toEqual([{ receipt: 'K7Q2-9XPM', option_id: 'no' }]);
      // (Options in today's form, with their meaning, as the tally needs them.)
      await sql`UPDATE votes SET options_json = ${JSON.stringify([{ id: 'yes', meaning: 'for' }, { id: 'no', meaning: 'against' }])} WHERE id = ${ID.secretVote}`.execute(db);
      // Today's close runs on today's schema (it writes a chained audit entry): the later steps first.
      await migrateToLatest(db, MIGRATIONS);
      const box = new BallotBox(db as Db, { dataDir: '/nonexistent-ecabinet-data' });
      const closed = await (db as Db).transaction().execute((trx) => closeVote(trx, ID.secretVote, ID.chair, '2026-03-02T04:00:00.000Z', box));
      expect(closed!.result.counts.map((c) => [c.optionId, c.count])).toEqual([['yes', 0], ['no', 1]]);
      // Sealed ballots and keys go with their vote.
      await sql`INSERT INTO votes (id, meeting_id, question, options_json, kind, allow_change, live_count, status, opened_by, opened_at) VALUES ('v9', ${ID.meeting}, 'Q?', '[]', 'secret', 0, 0, 'open', ${ID.chair}, 'x')`.execute(db);
      const [b0, b1, b2] = [0, 1, 2].map((b) => Buffer.from([b]));
      await sql`INSERT INTO ballot_keys (vote_id, wrapped) VALUES ('v9', ${b0})`.execute(db);
      await sql`INSERT INTO sealed_ballots (vote_id, slot, sealed) VALUES ('v9', ${b1}, ${b2})`.execute(db);
      await sql`DELETE FROM votes WHERE id = 'v9'`.execute(db);
      await expectEmpty(db, ['ballot_keys', 'sealed_ballots']);
      await expect(sql`INSERT INTO sealed_ballots (vote_id, slot, sealed) VALUES ('no-such-vote', ${b1}, ${b2})`.execute(db)).rejects.toThrow(/foreign key/i);
    },
  },
  '010_devices': {
    async check(db) {
      // Accounts stay enabled, sessions keep running (their end is read as sign-in + lifetime), the policy is the default.
      expect(await rows(db, 'SELECT username, disabled_at FROM users ORDER BY username')).toEqual([
        { username: 'chutich', disabled_at: null },
        { username: 'thuky', disabled_at: null },
        { username: 'uyvien', disabled_at: null },
      ]);
      expect(await rows(db, 'SELECT device_name, platform, last_address, expires_at, revoked_reason FROM sessions')).toEqual([
        { device_name: 'Máy tính bảng phòng họp 3', platform: '', last_address: '', expires_at: null, revoked_reason: null },
      ]);
      expect(await rows(db, 'SELECT retention_json FROM organizations')).toEqual([{ retention_json: null }]);
    },
  },
  '011_audit_chain': {
    async check(db) {
      // The entries already there are chained in id order, and the chain verifies.
      const entries = await rows(db, 'SELECT id, prev_hash, hash FROM audit_log ORDER BY id');
      expect(entries.length).toBeGreaterThan(0);
      expect(entries[0].prev_hash).toBe('0'.repeat(64));
      for (let i = 1; i < entries.length; i++) expect(entries[i].prev_hash).toBe(entries[i - 1].hash);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: entries.length });
    },
  },
  '012_document_register': {
    async check(db) {
      // No vote was opened without quorum before, and no number was given yet.
      expect(await rows(db, 'SELECT DISTINCT quorum_override_reason FROM votes')).toEqual([{ quorum_override_reason: null }]);
      await expectEmpty(db, ['document_register']);
      // A number is given once per type and year, and a paper holds one number of its type.
      const reg = (id: string, number: number, subject: string) =>
        sql.raw(`INSERT INTO document_register (id, org_id, doc_type, year, number, issuer_code, subject_kind, subject_id, issued_at) VALUES ('${id}', '${ID.org}', 'GM', 2026, ${number}, 'UBND', 'meeting', '${subject}', '2026-03-02T01:00:00.000Z')`).execute(db);
      await reg('r1', 1, ID.meeting);
      await expect(reg('r2', 1, 'another-meeting')).rejects.toThrow(/unique/i);
      await expect(reg('r3', 2, ID.meeting)).rejects.toThrow(/unique/i);
    },
  },
  '013_login_throttle': {
    async check(db) {
      // Nobody was throttled across restarts before: the table starts empty, one row per key.
      await expectEmpty(db, ['login_throttle']);
      const fail = (n: number) => sql.raw(`INSERT INTO login_throttle (key, failures, blocked_until, last_failure_at) VALUES ('k', ${n}, 0, 0)`).execute(db);
      await fail(1);
      await expect(fail(2)).rejects.toThrow(/unique|primary/i);
      await expect(sql.raw(`INSERT INTO login_throttle (key, failures, blocked_until, last_failure_at) VALUES ('z', 0, 0, 0)`).execute(db)).rejects.toThrow(/check/i);
    },
  },
  '014_access_notices': {
    async check(db) {
      // PostgreSQL: a revocation or a disabled account notifies every server at its commit.
      if (isPostgres(db)) expect(await trigger(db)).toEqual(['sessions_access_changed', 'users_access_changed']);
    },
  },
  '015_office_originals': {
    async check(db) {
      // No PDF had its original kept before; one can now name the blob it was converted from.
      await expectEmpty(db, ['office_originals']);
      const blob = (await rows(db, 'SELECT sha256 FROM blobs LIMIT 1'))[0].sha256 as string;
      await sql.raw(`INSERT INTO office_originals (pdf_sha256, original_sha256, file_name, size, converted_at) VALUES ('${blob}', '${blob}', 'a.docx', 1, '2026-03-02T01:00:00.000Z')`).execute(db);
      await expect(sql.raw(`INSERT INTO office_originals (pdf_sha256, original_sha256, file_name, size, converted_at) VALUES ('${blob}', '${blob}', 'b.docx', 1, '2026-03-02T01:00:00.000Z')`).execute(db)).rejects.toThrow(/unique/i);
    },
  },
  '016_ocr_results': {
    async check(db) {
      // Nothing recognised is in the database yet (earlier results are files, read on demand); one row per PDF, known states only.
      await expectEmpty(db, ['ocr_results']);
      const insert = (state: string) => sql.raw(`INSERT INTO ocr_results (sha256, state, updated_at) VALUES ('a', '${state}', '2026-03-02T01:00:00.000Z')`).execute(db);
      await insert('running');
      expect(await rows(db, 'SELECT done, total, attempts, layer FROM ocr_results')).toEqual([{ done: 0, total: 0, attempts: 0, layer: null }]);
      await expect(insert('done')).rejects.toThrow(/unique|primary/i);
      await expect(sql.raw(`INSERT INTO ocr_results (sha256, state, updated_at) VALUES ('b', 'lost', '2026-03-02T01:00:00.000Z')`).execute(db)).rejects.toThrow(/check/i);
    },
  },
  '017_organisations': {
    async check(db) {
      // Everyone stays in his one organisation with the role he had.
      expect(await rows(db, 'SELECT org_id, user_id, role FROM organisation_members ORDER BY user_id')).toEqual(
        (await rows(db, 'SELECT org_id, id AS user_id, role FROM users ORDER BY id')).map((r) => ({ ...r })),
      );
      expect(await rows(db, 'SELECT DISTINCT deployment_admin FROM users')).toEqual([{ deployment_admin: 0 }]);
      // Every audit entry is the organisation's; the chain still verifies.
      expect(await rows(db, 'SELECT DISTINCT org_id FROM audit_log')).toEqual([{ org_id: ID.org }]);
      expect((await verifyAuditChain(db)).ok).toBe(true);
      // Every stored file is the organisation's, once.
      const blobs = await rows(db, 'SELECT sha256 FROM blobs ORDER BY sha256');
      expect(await rows(db, 'SELECT sha256, org_id FROM blob_orgs ORDER BY sha256')).toEqual(blobs.map((b) => ({ sha256: b.sha256, org_id: ID.org })));
      // A user is a member of an organisation once.
      const member = `INSERT INTO organisation_members (org_id, user_id, role, created_at) VALUES ('${ID.org}', '${ID.chair}', 'member', '2026-03-02T01:00:00.000Z')`;
      await expect(sql.raw(member).execute(db)).rejects.toThrow(/unique|primary/i);
    },
  },
};

const NAMES = Object.keys(MIGRATIONS);
const trigger = async (db: Kysely<any>) =>
  (await rows(db, `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`)).map((r) => r.tgname);


describe.each(DIALECTS)('server migrations, each from its predecessor with data in it (%s)', (dialect) => {
  it('every migration has a from-predecessor case and rows written once it exists', () => {
    expect(Object.keys(CASES)).toEqual(NAMES);
    expect(Object.keys(ROWS_ONCE_STEP_EXISTS)).toEqual(NAMES);
  });

  it.each(NAMES.map((name, i) => [name, i] as const))('%s', async (name, i) => {
    const step = CASES[name];
    if (!step) throw new Error(`migration ${name} has no from-predecessor case in this file`);
    const db = await copyOfDatabaseWithRowsAt(i, dialect);
    // The predecessor holds data in every table it has (except the empty database before 001).
    expect(await emptyTables(db)).toEqual([]);
    const before = await snapshot(db);

    expect((await migrateToLatest(db, firstMigrations(i + 1))).applied).toEqual([name]);

    for (const [table, { columns, rows: old }] of before) {
      if (step.rewrites?.includes(table)) continue;
      expect(await rowsOf(db, table, columns), `rows of ${table}`).toEqual(old);
    }
    await step.check(db);
    await db.destroy();
  });

  // After the steps: each copy is taken from one database walked forward.
  it('the rows written at the newest step fill every table', async () => {
    const db = await copyOfDatabaseWithRowsAt(NAMES.length, dialect);
    expect(await emptyTables(db)).toEqual([]);
    await db.destroy();
  });
});
