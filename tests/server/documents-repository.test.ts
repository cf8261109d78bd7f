/**
 * Every path that writes a meeting document (the secretariat's edits, the minutes export, the
 * signed version issued by the signing workflow, a vote's result PDF, the demo seed, an agenda
 * item's removal, a deletion) goes through server/documents/repository.ts and so leaves the
 * same trail: a version row for the current file, change-log rows a participant pulls, and one
 * audit entry whose before/after are the shared Document shape.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Change } from '../../shared/api';
import { Document } from '../../shared/entities';
import { LIVE_MEETING_PATHS } from '../../shared/live-meeting';
import type { DemoContent } from '../../server/demo/content-types';
import { FsBlobStore, DB_FILE_NAME, openDatabase, seedDemoFrom } from '../../server/index';
import { pkcs12Key, signPdf } from '../../signing/index';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';
import { call, login, makePdf, pullAll, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

/** Where the log and the audit stood before a write, and what a participant had pulled. */
interface Mark {
  auditId: number;
  cursor: string;
}

const DOCUMENT_KEYS = Object.keys(Document.shape).sort();

describe('documents repository: one trail for every writer', () => {
  let s: TestServer;
  let c: Committee;
  let pki: TestPki;
  const tok = (u: string) => c.users[u].token;

  beforeAll(async () => {
    [s, pki] = await Promise.all([startTestServer(), createTestPki()]);
    c = await seedCommittee(s);
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    await pki?.close();
  });

  /** Before a write: the newest audit id and member "an"'s cursor (he takes part in meeting A). */
  async function mark(server = s, token = tok('an')): Promise<Mark> {
    const last = await server.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return { auditId: Number(last?.id ?? 0), cursor: (await pullAll(server.url, token)).cursor };
  }

  /**
   * The document's trail since `m`: the version row of its current file, what the member pulls
   * (the document, and the version when the write added one), the one audit entry.
   */
  async function expectTrail(docId: string, m: Mark, action: string, userId: string | null, server = s, token = tok('an'), newVersion = true) {
    const doc = await server.db.selectFrom('documents').selectAll().where('id', '=', docId).executeTakeFirstOrThrow();
    const version = await server.db
      .selectFrom('document_versions')
      .selectAll()
      .where('document_id', '=', docId)
      .where('version', '=', doc.version)
      .executeTakeFirstOrThrow();
    expect(version).toMatchObject({ sha256: doc.sha256, size: doc.size });
    expect(version.uid).toBeTruthy();

    const { changes } = await pullAll(server.url, token, m.cursor);
    const pulled = changes.find((x): x is Extract<Change, { entity: 'document'; op: 'upsert' }> => x.entity === 'document' && x.op === 'upsert' && x.id === docId);
    expect(pulled?.data).toMatchObject({ sha256: doc.sha256, version: doc.version, revision: doc.revision });
    expect(changes.some((x) => x.entity === 'documentVersion' && x.id === version.uid)).toBe(newVersion);

    const audit = await auditSince(server, docId, m);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action, user_id: userId, entity: 'document' });
    const after = JSON.parse(audit[0].after_json!);
    expect(Object.keys(after).sort()).toEqual(DOCUMENT_KEYS);
    expect(Document.parse(after)).toMatchObject({ id: docId, sha256: doc.sha256, version: doc.version, revision: doc.revision });
    if (audit[0].before_json) expect(Object.keys(JSON.parse(audit[0].before_json)).sort()).toEqual(DOCUMENT_KEYS);
    return { doc, audit: audit[0] };
  }

  const auditSince = (server: TestServer, docId: string, m: Mark) =>
    server.db.selectFrom('audit_log').selectAll().where('entity', '=', 'document').where('entity_id', '=', docId).where('id', '>', m.auditId).execute();

  it('document.upsert: a new document, then a new file as version 2', async () => {
    const id = randomUUID();
    const first = await makePdf('Repository paper v1');
    const second = await makePdf('Repository paper v2');
    for (const b of [first, second]) expect((await uploadPdf(s.url, tok('thuky'), b)).status).toBe(201);
    const upsert = (bytes: Uint8Array) => ({
      id: randomUUID(),
      kind: 'document.upsert' as const,
      args: { id, meetingId: c.meetingA, agendaItemId: null, title: 'Báo cáo', fileName: 'bao-cao.pdf', sha256: sha256Hex(bytes), classification: 'internal' as const },
    });

    let m = await mark();
    await pushOk(s.url, tok('thuky'), upsert(first));
    const created = await expectTrail(id, m, 'document.upsert', c.users.thuky.id);
    expect(created.doc.version).toBe(1);
    expect(created.audit.before_json).toBeNull();

    m = await mark();
    await pushOk(s.url, tok('thuky'), upsert(second));
    const updated = await expectTrail(id, m, 'document.upsert', c.users.thuky.id);
    expect(updated.doc.version).toBe(2);
    expect(JSON.parse(updated.audit.before_json!)).toMatchObject({ version: 1, sha256: sha256Hex(first) });
  });

  it('minutes.exportPdf: the minutes document, and a new version when the text changes', async () => {
    const minutesId = randomUUID();
    const save = (body: string, baseRevision?: number) => ({
      id: randomUUID(),
      kind: 'minutes.save' as const,
      args: { id: minutesId, meetingId: c.meetingA, body, conclusions: 'Thống nhất.', ...(baseRevision ? { baseRevision } : {}) },
    });
    const exportPdf = () => ({ id: randomUUID(), kind: 'minutes.exportPdf' as const, args: { meetingId: c.meetingA } });
    await pushOk(s.url, tok('thuky'), save('Nội dung cuộc họp.'));
    let m = await mark();
    await pushOk(s.url, tok('thuky'), exportPdf());
    const minutes = await s.db.selectFrom('minutes').selectAll().where('id', '=', minutesId).executeTakeFirstOrThrow();
    expect((await expectTrail(minutes.document_id!, m, 'minutes.exportPdf', c.users.thuky.id)).doc.version).toBe(1);

    await pushOk(s.url, tok('thuky'), save('Nội dung đã sửa.', minutes.revision));
    m = await mark();
    await pushOk(s.url, tok('thuky'), exportPdf());
    expect((await expectTrail(minutes.document_id!, m, 'minutes.exportPdf', c.users.thuky.id)).doc.version).toBe(2);
  });

  it('signatureRequest.sign: the last signature issues the signed file as a new version', async () => {
    const requestId = randomUUID();
    const stepId = randomUUID();
    await pushOk(s.url, tok('thuky'), {
      id: randomUUID(),
      kind: 'signatureRequest.create',
      args: { id: requestId, documentId: c.docB, note: 'Kính trình ký', steps: [{ id: stepId, userId: c.users.chutich.id, role: 'signer' }] },
    });
    const sent = await fetch(`${s.url}/api/blobs/${sha256Hex(c.pdfB)}`, { headers: { authorization: `Bearer ${tok('chutich')}` } });
    const signed = (await signPdf(new Uint8Array(await sent.arrayBuffer()), { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) })).bytes;
    expect((await uploadPdf(s.url, tok('chutich'), signed)).status).toBe(201);
    // "binh" takes part in meeting B.
    const m = await mark(s, tok('binh'));
    await pushOk(s.url, tok('chutich'), { id: randomUUID(), kind: 'signatureRequest.sign', args: { requestId, stepId, sha256: sha256Hex(signed) } });
    const { doc } = await expectTrail(c.docB, m, 'signatureRequest.issue', c.users.chutich.id, s, tok('binh'));
    expect(doc).toMatchObject({ version: 2, sha256: sha256Hex(signed) });
  }, 60_000);

  it("vote.close: the vote's result PDF becomes a document of the meeting", async () => {
    const m = await mark();
    const command = (body: unknown) => call(s.url, 'POST', LIVE_MEETING_PATHS.commands(c.meetingA), { token: tok('chutich'), body });
    const opened = await command({ type: 'vote.open', vote: { question: 'Thông qua báo cáo?', quorumOverrideReason: 'Kiểm tra hồ sơ tài liệu' } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const voteId = opened.body.vote.id as string;
    expect((await command({ type: 'vote.close', voteId })).status).toBe(200);
    // The PDF is rendered and attached after the close: wait for it.
    const documentId = await vi.waitFor(
      async () => {
        const v = await s.db.selectFrom('votes').select('document_id').where('id', '=', voteId).executeTakeFirstOrThrow();
        if (!v.document_id) throw new Error('no result PDF yet');
        return v.document_id;
      },
      { timeout: 30_000, interval: 50 },
    );
    await expectTrail(documentId, m, 'vote.resultPdf', c.users.chutich.id);
  }, 60_000);

  it('agendaItem.delete: its documents stay, detached, and say so', async () => {
    const itemId = randomUUID();
    const docId = randomUUID();
    const bytes = await makePdf('Detached paper');
    expect((await uploadPdf(s.url, tok('thuky'), bytes)).status).toBe(201);
    await pushOk(
      s.url,
      tok('thuky'),
      { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: itemId, meetingId: c.meetingA, position: 9, title: 'Nội dung bỏ', presenterId: null, presenterLabel: '', plannedMinutes: 5 } },
      c.document(docId, c.meetingA, bytes, itemId),
    );
    const m = await mark();
    await pushOk(s.url, tok('thuky'), { id: randomUUID(), kind: 'agendaItem.delete', args: { id: itemId } });
    const { doc, audit } = await expectTrail(docId, m, 'agendaItem.delete', c.users.thuky.id, s, tok('an'), false);
    expect(doc).toMatchObject({ agenda_item_id: null, version: 1, revision: 2 });
    expect(JSON.parse(audit.before_json!)).toMatchObject({ agendaItemId: itemId });
  });

  it('document.delete: the member pulls the removal, the audit keeps the last state, the history stays', async () => {
    const docId = randomUUID();
    const bytes = await makePdf('Removed paper');
    expect((await uploadPdf(s.url, tok('thuky'), bytes)).status).toBe(201);
    await pushOk(s.url, tok('thuky'), c.document(docId, c.meetingA, bytes));
    const m = await mark();
    await pushOk(s.url, tok('thuky'), { id: randomUUID(), kind: 'document.delete', args: { id: docId } });
    const { changes } = await pullAll(s.url, tok('an'), m.cursor);
    expect(changes.some((x) => x.entity === 'document' && x.op === 'delete' && x.id === docId)).toBe(true);
    const audit = await auditSince(s, docId, m);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'document.delete', user_id: c.users.thuky.id, after_json: null });
    expect(Object.keys(JSON.parse(audit[0].before_json!)).sort()).toEqual(DOCUMENT_KEYS);
    expect(await s.db.selectFrom('document_versions').select('version').where('document_id', '=', docId).execute()).toEqual([{ version: 1 }]);
  });

  it('the demo seed: each paper with its version, change-log rows and audit entry', async () => {
    const fixture: DemoContent = {
      organization: { name: 'Ủy ban nhân dân thành phố Thử Nghiệm', shortName: 'UBND TP' },
      password: 'demo-password-1',
      users: [
        { key: 'ct', username: 'chutich', fullName: 'Trần Văn Chủ', title: 'Chủ tịch', role: 'chair' },
        { key: 'tv', username: 'thanhvien', fullName: 'Lê Thị Viên', title: 'Ủy viên', role: 'member' },
      ],
      meetings: [
        {
          title: 'Phiên họp thường kỳ',
          dayOffset: 0,
          startTime: '08:00',
          endTime: '11:30',
          location: 'Phòng họp tầng 3',
          status: 'published',
          chairKey: 'ct',
          participants: [
            { userKey: 'ct', role: 'chair' },
            { userKey: 'tv', role: 'member' },
          ],
          agenda: [
            {
              title: 'Tờ trình ngân sách',
              presenterKey: null,
              presenterLabel: 'Sở Tài chính',
              plannedMinutes: 40,
              documents: [{ title: 'Tờ trình', fileName: 'to-trinh.pdf', classification: 'internal', number: 'Số: 1/TTr', issuer: 'Sở Tài chính', paragraphs: ['Nội dung.'] }],
            },
          ],
        },
      ],
    };
    const dataDir = await mkdtemp(join(tmpdir(), 'ecab-seed-repo-'));
    const db = await openDatabase(join(dataDir, DB_FILE_NAME));
    const blobs = new FsBlobStore(join(dataDir, 'blobs'), dataDir);
    await blobs.init();
    expect((await seedDemoFrom(db, blobs, new Date(), fixture, async (d) => makePdf(d.fileName), FAST_PASSWORD_HASHING_FOR_TESTS)).seeded).toBe(true);
    await db.destroy();

    const seeded = await startTestServer({ dataDir });
    try {
      const token = (await login(seeded.url, 'thanhvien', fixture.password)).accessToken;
      const doc = await seeded.db.selectFrom('documents').selectAll().executeTakeFirstOrThrow();
      const logged = await seeded.db.selectFrom('change_log').select(['entity', 'scope']).where('scope', '=', `meeting:${doc.meeting_id}`).execute();
      expect(logged.map((l) => l.entity).sort()).toEqual(['document', 'documentVersion']);
      await expectTrail(doc.id, { auditId: 0, cursor: '' }, 'demo.seed', null, seeded, token);
    } finally {
      await seeded.stop();
    }
  });
});
