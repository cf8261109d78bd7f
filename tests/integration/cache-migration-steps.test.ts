/**
 * Every desktop-cache migration, run on a cache at its predecessor that is full of data: the
 * rows survive, and the step does to them what it intends (new columns take their defaults).
 * Data-driven: a migration without a case here fails the suite.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations, runMigrations } from '../../electron/services/cache/migrations';
import { AgendaItem, Document, DocumentView, Meeting, Organization, Participant, UserProfile } from '../../shared/entities';
import { SignatureRequest } from '../../shared/signing-workflow';
import { removeTempDirs, tempDir } from './helpers/temp';

afterAll(removeTempDirs);

type Db = Database.Database;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 1, minutes)).toISOString();
const ID = {
  org: '6f1c2b1e-0000-4000-8000-000000000001',
  chair: '6f1c2b1e-0000-4000-8000-000000000011',
  member: '6f1c2b1e-0000-4000-8000-000000000012',
  meeting: '6f1c2b1e-0000-4000-8000-000000000031',
  item: '6f1c2b1e-0000-4000-8000-000000000041',
  doc: '6f1c2b1e-0000-4000-8000-000000000051',
  docConfidential: '6f1c2b1e-0000-4000-8000-000000000052',
  view: '6f1c2b1e-0000-4000-8000-000000000061',
  vote: '6f1c2b1e-0000-4000-8000-000000000071',
  signatureRequest: '6f1c2b1e-0000-4000-8000-000000000081',
  step: '6f1c2b1e-0000-4000-8000-000000000082',
  annotation: '6f1c2b1e-0000-4000-8000-000000000091',
  opinion: '6f1c2b1e-0000-4000-8000-0000000000a1',
};
const SHA = { doc: sha('Tờ trình dự toán'), confidential: sha('Quy hoạch (mật)'), signed: sha('Tờ trình đã ký'), seal: sha('con dấu') };
const insert = (db: Db, table: string, row: Record<string, unknown>) =>
  db.prepare(`INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((k) => `@${k}`).join(', ')})`).run(row);

/** The entities of the first cache version, as the client of that time stored them (no later fields). */
const V1 = {
  organization: { id: ID.org, name: 'Ủy ban nhân dân thành phố Huế', shortName: 'UBND TP Huế' },
  users: [
    { id: ID.chair, orgId: ID.org, username: 'chutich', fullName: 'Nguyễn Văn An', title: 'Chủ tịch UBND', role: 'chair' },
    { id: ID.member, orgId: ID.org, username: 'uyvien', fullName: 'Trần Thị Bình', title: 'Phó Chủ tịch UBND', role: 'member' },
  ],
  meeting: {
    id: ID.meeting, orgId: ID.org, title: 'Phiên họp thường kỳ tháng 3/2026', startsAt: at(120), endsAt: at(300), location: 'Phòng họp số 1', status: 'published', chairId: ID.chair, updatedAt: at(5),
  },
  participants: [
    { id: '6f1c2b1e-0000-4000-8000-0000000000b1', meetingId: ID.meeting, userId: ID.chair, role: 'chair' },
    { id: '6f1c2b1e-0000-4000-8000-0000000000b2', meetingId: ID.meeting, userId: ID.member, role: 'member' },
  ],
  agendaItem: { id: ID.item, meetingId: ID.meeting, position: 1, title: 'Dự toán ngân sách 2026', presenterId: ID.member, presenterLabel: 'Sở Tài chính', plannedMinutes: 30, updatedAt: at(5) },
  documents: [
    { id: ID.doc, meetingId: ID.meeting, agendaItemId: ID.item, title: 'Tờ trình dự toán', fileName: 'to-trinh.pdf', sha256: SHA.doc, size: 10_001, mime: 'application/pdf', version: 2, classification: 'internal', updatedAt: at(4) },
    { id: ID.docConfidential, meetingId: ID.meeting, agendaItemId: null, title: 'Quy hoạch (mật)', fileName: 'quy-hoach.pdf', sha256: SHA.confidential, size: 10_002, mime: 'application/pdf', version: 1, classification: 'confidential', updatedAt: at(4) },
  ],
  view: { id: ID.view, userId: ID.member, documentId: ID.doc, version: 2, viewedAt: at(10) },
};

/** A signature request as the cache of version 5 stored it (before certificate names existed). */
const SIGNATURE_REQUEST_V5 = {
  id: ID.signatureRequest, meetingId: ID.meeting, documentId: ID.doc, documentTitle: 'Tờ trình dự toán', fileName: 'to-trinh.pdf', baseVersion: 2, baseSha256: SHA.doc,
  currentSha256: SHA.signed, currentSize: 10_500, status: 'in_progress', note: 'Kính trình',
  steps: [{ id: ID.step, position: 0, userId: ID.member, role: 'signer', status: 'to_sign', actedAt: null, sha256: null, comment: '' }],
  createdBy: ID.chair, createdAt: at(320), issuedVersion: null, revision: 1, updatedAt: at(320),
};

/** What the client writes into the cache once each version exists. One entry per version. */
const ROWS_ONCE_VERSION_EXISTS: Record<number, (db: Db) => void> = {
  1(db) {
    insert(db, 'organization', { id: ID.org, data: JSON.stringify(V1.organization) });
    for (const u of V1.users) insert(db, 'users', { id: u.id, org_id: u.orgId, data: JSON.stringify(u) });
    insert(db, 'meetings', { id: ID.meeting, starts_at: V1.meeting.startsAt, status: V1.meeting.status, data: JSON.stringify(V1.meeting) });
    for (const p of V1.participants) insert(db, 'participants', { id: p.id, meeting_id: p.meetingId, user_id: p.userId, data: JSON.stringify(p) });
    insert(db, 'agenda_items', { id: ID.item, meeting_id: ID.meeting, position: 1, data: JSON.stringify(V1.agendaItem) });
    for (const d of V1.documents) insert(db, 'documents', { id: d.id, meeting_id: d.meetingId, agenda_item_id: d.agendaItemId, sha256: d.sha256, data: JSON.stringify(d) });
    insert(db, 'document_views', { id: ID.view, user_id: ID.member, document_id: ID.doc, version: 2, data: JSON.stringify(V1.view) });
    db.prepare("UPDATE sync_state SET cursor = '1842', last_sync_at = ? WHERE id = 1").run(at(11));
    insert(db, 'outbox', { mutation_id: '6f1c2b1e-0000-4000-8000-0000000000c1', kind: 'document.markViewed', json: JSON.stringify({ documentId: ID.doc, version: 2 }), created_at: at(12), attempts: 2, last_error: 'offline' });
    insert(db, 'blobs', { sha256: SHA.doc, size: 10_001, path: `blobs/${SHA.doc.slice(0, 2)}/${SHA.doc}`, verified_at: at(9), last_access: at(10) });
    insert(db, 'session', {
      id: 1, server_url: 'https://ecabinet.hue.gov.vn', user_json: JSON.stringify(V1.users[1]), org_json: JSON.stringify(V1.organization),
      access_token: 'access-token', refresh_token: 'refresh-token', access_expires_at: at(30),
    });
  },
  2(db) {
    db.prepare("UPDATE sync_state SET owner = 'https://ecabinet.hue.gov.vn " + ID.member + "' WHERE id = 1").run();
    insert(db, 'document_views', {
      id: '6f1c2b1e-0000-4000-8000-000000000062', user_id: ID.member, document_id: ID.docConfidential, version: 1, provisional_mutation_id: '6f1c2b1e-0000-4000-8000-0000000000c2',
      data: JSON.stringify({ id: '6f1c2b1e-0000-4000-8000-000000000062', userId: ID.member, documentId: ID.docConfidential, version: 1, viewedAt: at(13) }),
    });
    insert(db, 'rejected_mutations', { mutation_id: '6f1c2b1e-0000-4000-8000-0000000000c3', kind: 'meeting.update', json: '{}', error_code: 'forbidden', error_message: 'Không có quyền', rejected_at: at(14) });
  },
  3(db) {
    const page = insert(db, 'doc_text_pages', { sha256: SHA.doc, page: 1, original: 'Đề án phát triển kinh tế' });
    db.prepare('INSERT INTO doc_text_fts (rowid, folded) VALUES (?, ?)').run(page.lastInsertRowid, 'de an phat trien kinh te');
    insert(db, 'doc_text_status', { sha256: SHA.doc, status: 'indexed', pages: 1, indexed_at: at(15), error: null });
    insert(db, 'reading_positions', { user_id: ID.member, document_id: ID.doc, data: JSON.stringify({ page: 3, zoom: 1.25 }), updated_at: at(16) });
  },
  4(db) {
    insert(db, 'vote_receipts', { user_id: ID.member, vote_id: ID.vote, member_id: ID.member, receipt: 'K7Q2-9XPM' });
  },
  5(db) {
    insert(db, 'signature_requests', { id: ID.signatureRequest, meeting_id: ID.meeting, document_id: ID.doc, current_sha256: SHA.signed, updated_at: at(320), data: JSON.stringify(SIGNATURE_REQUEST_V5) });
    insert(db, 'signing_local', { request_id: ID.signatureRequest, step_id: ID.step, mutation_id: '6f1c2b1e-0000-4000-8000-0000000000c4', sha256: SHA.signed, size: 10_500, signed_at: at(330) });
  },
  6(db) {
    const version = { id: '6f1c2b1e-0000-4000-8000-0000000000d1', documentId: ID.doc, meetingId: ID.meeting, version: 2, sha256: SHA.doc, size: 10_001, fileName: 'to-trinh.pdf', createdBy: ID.chair, createdAt: at(4) };
    insert(db, 'secretariat_rows', { entity: 'documentVersion', id: version.id, meeting_id: ID.meeting, user_id: null, document_id: ID.doc, sha256: SHA.doc, data: JSON.stringify(version) });
    const task = { id: '6f1c2b1e-0000-4000-8000-0000000000d2', meetingId: ID.meeting, title: 'Hoàn thiện dự toán', agency: 'Sở Tài chính', assignee: 'Giám đốc Sở', deadline: '2026-04-15', expectedResult: 'Tờ trình', follower: 'Văn phòng', status: 'open', revision: 1, updatedAt: at(310) };
    insert(db, 'secretariat_rows', { entity: 'task', id: task.id, meeting_id: ID.meeting, user_id: null, document_id: null, sha256: null, data: JSON.stringify(task) });
    insert(db, 'pending_uploads', { sha256: SHA.confidential, file_name: 'quy-hoach-v2.pdf', size: 10_002, path: '/tmp/uploads/quy-hoach-v2.pdf', created_at: at(20), uploaded_at: null, last_error: 'offline' });
  },
  7(db) {
    const annotation = { id: ID.annotation, userId: ID.member, documentId: ID.doc, meetingId: ID.meeting, body: 'Xem lại khoản 3', page: 2 };
    insert(db, 'annotations', { id: ID.annotation, user_id: ID.member, document_id: ID.doc, meeting_id: ID.meeting, shared_from_id: null, deleted: 0, updated_at: at(140), data: JSON.stringify(annotation), pending_mutation_id: null });
    insert(db, 'presentations', { meeting_id: ID.meeting, data: JSON.stringify({ meetingId: ID.meeting, documentId: ID.doc, page: 4 }) });
    insert(db, 'annotation_anchoring', { annotation_id: ID.annotation, version: 2, found: 1 });
  },
  8(db) {
    insert(db, 'opinion_requests', { id: ID.opinion, status: 'open', deadline: '2026-03-10', data: JSON.stringify({ id: ID.opinion, title: 'Lấy ý kiến về quy hoạch', status: 'open', deadline: '2026-03-10' }) });
  },
  9(db) {
    insert(db, 'org_signing_settings', { id: ID.org, data: JSON.stringify({ id: ID.org, sealSha256: SHA.seal, sealSize: 2048, nameCheck: 'strict', revision: 2, updatedAt: at(500) }) });
  },
  10(db) {
    insert(db, 'doc_ocr_words', { sha256: SHA.doc, pages: JSON.stringify([null, [{ text: 'Quyết', box: [0.1, 0.1, 0.2, 0.12] }]]) });
  },
};

const all = (db: Db, query: string) => db.prepare(query).all();
const expectEmpty = (db: Db, tables: string[]) => {
  for (const t of tables) expect(all(db, `SELECT * FROM ${t}`), t).toEqual([]);
};

/** What each version does to the rows of its predecessor. One entry per version. */
const CASES: Record<number, (db: Db) => void> = {
  1(db) {
    expect(all(db, 'SELECT * FROM sync_state')).toEqual([{ id: 1, cursor: '', last_sync_at: null }]);
    expectEmpty(db, ['organization', 'users', 'meetings', 'participants', 'agenda_items', 'documents', 'document_views', 'outbox', 'blobs', 'session']);
  },
  2(db) {
    expect(all(db, 'SELECT id, provisional_mutation_id FROM document_views')).toEqual([{ id: ID.view, provisional_mutation_id: null }]);
    expect(all(db, 'SELECT cursor, owner FROM sync_state')).toEqual([{ cursor: '1842', owner: null }]);
    expectEmpty(db, ['rejected_mutations']);
  },
  3(db) {
    expectEmpty(db, ['doc_text_pages', 'doc_text_fts', 'doc_text_status', 'reading_positions']);
    // The index folds Vietnamese: searching without diacritics finds the text once indexed.
    db.prepare("INSERT INTO doc_text_fts (rowid, folded) VALUES (1, 'de an phat trien')").run();
    expect(all(db, `SELECT rowid FROM doc_text_fts WHERE doc_text_fts MATCH '"de an"'`)).toEqual([{ rowid: 1 }]);
  },
  4(db) {
    expectEmpty(db, ['vote_receipts']);
    // The index built before still answers.
    expect(all(db, `SELECT rowid FROM doc_text_fts WHERE doc_text_fts MATCH 'kinh'`)).toHaveLength(1);
  },
  5(db) {
    expectEmpty(db, ['signature_requests', 'signing_local']);
  },
  6(db) {
    expectEmpty(db, ['secretariat_rows', 'pending_uploads']);
  },
  7(db) {
    expectEmpty(db, ['annotations', 'presentations', 'annotation_anchoring']);
  },
  8(db) {
    expectEmpty(db, ['opinion_requests']);
  },
  9(db) {
    expectEmpty(db, ['org_signing_settings']);
  },
  10(db) {
    expectEmpty(db, ['doc_ocr_words']);
  },
};

const VERSIONS = migrations.map((m) => m.version);

function cacheWithRowsAt(version: number): Db {
  const db = new Database(path.join(tempDir(), 'cache.sqlite'));
  for (const m of migrations.slice(0, version)) {
    runMigrations(db, migrations.slice(0, m.version));
    ROWS_ONCE_VERSION_EXISTS[m.version]!(db);
  }
  return db;
}

const tables = (db: Db) =>
  (all(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name") as { name: string }[]).map((r) => r.name);
const columnsOf = (db: Db, table: string) => (all(db, `SELECT name FROM pragma_table_info('${table}')`) as { name: string }[]).map((c) => c.name);
const rowsOf = (db: Db, table: string, columns: string[]) =>
  (db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
const emptyTables = (db: Db) => tables(db).filter((t) => db.prepare(`SELECT 1 FROM "${t}" LIMIT 1`).get() === undefined);

describe('cache migrations, each from its predecessor with data in it', () => {
  it('every version has a from-predecessor case and rows written once it exists', () => {
    expect(Object.keys(CASES).map(Number)).toEqual(VERSIONS);
    expect(Object.keys(ROWS_ONCE_VERSION_EXISTS).map(Number)).toEqual(VERSIONS);
  });

  it('the rows written at the newest version fill every table, and the oldest rows still read as today\'s entities', () => {
    const db = cacheWithRowsAt(VERSIONS.length);
    expect(emptyTables(db)).toEqual([]);
    const data = (query: string) => (all(db, query) as { data: string }[]).map((r) => JSON.parse(r.data) as unknown);
    expect(data('SELECT data FROM organization').map((o) => Organization.parse(o))).toHaveLength(1);
    expect(data('SELECT data FROM users').map((u) => UserProfile.parse(u))).toHaveLength(2);
    const [meeting] = data('SELECT data FROM meetings').map((m) => Meeting.parse(m));
    expect(meeting).toMatchObject({ title: V1.meeting.title, kind: 'regular', quorumNumerator: 2, quorumDenominator: 3, revision: 1 });
    expect(data('SELECT data FROM participants').map((p) => Participant.parse(p).attendance)).toEqual(['unknown', 'unknown']);
    expect(data('SELECT data FROM agenda_items').map((a) => AgendaItem.parse(a).presenterAgency)).toEqual(['']);
    expect(data('SELECT data FROM documents ORDER BY id').map((d) => Document.parse(d)).map((d) => [d.readerIds, d.allowPrint])).toEqual([[[], null], [[], null]]);
    expect(data('SELECT data FROM document_views').map((v) => DocumentView.parse(v))).toHaveLength(2);
    const [request] = data('SELECT data FROM signature_requests').map((r) => SignatureRequest.parse(r));
    expect(request!.steps[0]).toMatchObject({ certificateName: null, nameCheck: null });
    db.close();
  });

  it.each(VERSIONS)('version %i', (version) => {
    const check = CASES[version];
    if (!check) throw new Error(`cache migration ${version} has no from-predecessor case in this file`);
    const db = cacheWithRowsAt(version - 1);
    // The predecessor holds data in every table it has (except the empty file before version 1).
    expect(emptyTables(db)).toEqual([]);
    const before = new Map(tables(db).map((t) => [t, { columns: columnsOf(db, t), rows: rowsOf(db, t, columnsOf(db, t)) }]));

    expect(runMigrations(db, migrations.slice(0, version))).toEqual([version]);

    for (const [table, { columns, rows }] of before) expect(rowsOf(db, table, columns), `rows of ${table}`).toEqual(rows);
    check(db);
    db.close();
  });
});
