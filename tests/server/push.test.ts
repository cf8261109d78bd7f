import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationInput as Mutation } from '../../shared/api';
import { call, idsOf, makePdf, pullAll, pushOk, seedCommittee, sha256Hex, DIALECTS, startTestServer, uploadPdf, withoutWhatChanged, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

describe.each(DIALECTS)('sync push (%s)', (dialect) => {
  let s: TestServer;
  let c: Committee;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    c = await seedCommittee(s);
  });
  afterAll(async () => s?.stop());

  // Not counting the "what changed" entries that edits of a published meeting add.
  const changeLogSize = async () =>
    Number((await s.db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).where('entity', '!=', 'meetingChange').executeTakeFirstOrThrow()).n);

  it('applies a mutation sent three times exactly once, flagging the resends as duplicates', async () => {
    const before = await pullAll(s.url, c.users.an.token);
    const logBefore = await changeLogSize();
    const m: Mutation = {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, position: 2, title: 'Báo cáo kinh tế - xã hội', presenterId: null, presenterLabel: 'Sở Kế hoạch', plannedMinutes: 45 },
    };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await call(s.url, 'POST', '/api/sync/push', { token: c.users.thuky.token, body: { mutations: [m] } })).body.results[0]);
    expect(answers.map((a: any) => [a.status, a.duplicate])).toEqual([
      ['applied', false],
      ['applied', true],
      ['applied', true],
    ]);
    expect(await changeLogSize()).toBe(logBefore + 1);
    const after = await pullAll(s.url, c.users.an.token, before.cursor);
    expect(idsOf(after.changes, 'agendaItem')).toEqual([m.args.id]);
    const audit = await s.db.selectFrom('audit_log').selectAll().where('entity_id', '=', m.args.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: c.users.thuky.id, action: 'agendaItem.upsert', before_json: null });
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ title: 'Báo cáo kinh tế - xã hội' });
  });

  it('concurrent resends of one mutation still apply once', async () => {
    const logBefore = await changeLogSize();
    const m: Mutation = {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, position: 3, title: 'Song song', presenterId: null, presenterLabel: '', plannedMinutes: 5 },
    };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(s.url, 'POST', '/api/sync/push', { token: c.users.thuky.token, body: { mutations: [m] } })),
    );
    const flags = answers.map((a) => a.body.results[0].duplicate).sort();
    expect(flags).toEqual([false, true, true, true, true]);
    expect(await changeLogSize()).toBe(logBefore + 1);
  });

  it('a rejected mutation is remembered as rejected and changes nothing; a different user cannot reuse the id', async () => {
    const logBefore = await changeLogSize();
    const m: Mutation = {
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, agendaItemId: null, title: 'Chưa tải lên', fileName: 'x.pdf', sha256: 'a'.repeat(64), classification: 'public' },
    };
    const first = (await call(s.url, 'POST', '/api/sync/push', { token: c.users.thuky.token, body: { mutations: [m] } })).body.results[0];
    expect(first).toMatchObject({ status: 'rejected', duplicate: false, error: { code: 'validation_failed' } });
    const again = (await call(s.url, 'POST', '/api/sync/push', { token: c.users.thuky.token, body: { mutations: [m] } })).body.results[0];
    expect(again).toMatchObject({ status: 'rejected', duplicate: true, error: { code: 'validation_failed' } });
    expect(await changeLogSize()).toBe(logBefore);
    expect(await s.db.selectFrom('documents').select('id').where('id', '=', m.args.id).executeTakeFirst()).toBeUndefined();

    const viewed: Mutation = { id: randomUUID(), kind: 'document.markViewed', args: { documentId: c.docA, version: 1 } };
    await pushOk(s.url, c.users.an.token, viewed);
    const stolen = (await call(s.url, 'POST', '/api/sync/push', { token: c.users.chutich.token, body: { mutations: [viewed] } })).body.results[0];
    expect(stolen).toMatchObject({ status: 'rejected', duplicate: false, error: { code: 'conflict' } });
  });

  it('one bad mutation does not stop the others in the same push', async () => {
    const good = randomUUID();
    const r = await call(s.url, 'POST', '/api/sync/push', {
      token: c.users.thuky.token,
      body: {
        mutations: [
          { id: randomUUID(), kind: 'agendaItem.delete', args: { id: randomUUID() } },
          { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: good, meetingId: c.meetingB, position: 1, title: 'Tốt', presenterId: null, presenterLabel: '', plannedMinutes: 5 } },
          { id: randomUUID(), kind: 'meeting.upsert', args: { id: randomUUID(), title: 'Ngược giờ', startsAt: '2026-11-23T05:00:00Z', endsAt: '2026-11-23T01:00:00Z', location: '', status: 'draft', chairId: null } },
          { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: c.meetingA, userId: c.users.an.id, role: 'guest' } },
        ],
      },
    });
    expect(r.body.results.map((x: any) => x.status === 'applied' || x.error.code)).toEqual(['not_found', true, 'validation_failed', 'conflict']);
    expect(await s.db.selectFrom('agenda_items').select('title').where('id', '=', good).executeTakeFirst()).toEqual({ title: 'Tốt' });
  });

  it('a schema-invalid push is refused as a whole with validation_failed', async () => {
    const r = await call(s.url, 'POST', '/api/sync/push', {
      token: c.users.thuky.token,
      body: { mutations: [{ id: 'not-a-uuid', kind: 'meeting.upsert', args: {} }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(Array.isArray(r.body.error.details.issues)).toBe(true);
  });

  it('a new file for a document makes version 2 with history; the same file keeps the version', async () => {
    const v2 = await makePdf('Phiên bản 2');
    expect((await uploadPdf(s.url, c.users.thuky.token, v2)).status).toBe(201);
    const upsert = (sha256: string, title: string): Mutation => ({
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: c.docA, meetingId: c.meetingA, agendaItemId: c.itemA, title, fileName: 'to-trinh-v2.pdf', sha256, classification: 'internal' },
    });
    const before = await pullAll(s.url, c.users.an.token);
    await pushOk(s.url, c.users.thuky.token, upsert(sha256Hex(v2), 'Tờ trình (sửa)'));
    await pushOk(s.url, c.users.thuky.token, upsert(sha256Hex(v2), 'Tờ trình (sửa lần 2)'));
    const after = await pullAll(s.url, c.users.an.token, before.cursor);
    const doc = after.changes.find((x) => x.entity === 'document');
    expect(doc).toMatchObject({ op: 'upsert', data: { version: 2, sha256: sha256Hex(v2), size: v2.byteLength, title: 'Tờ trình (sửa lần 2)' } });
    const history = await s.db.selectFrom('document_versions').selectAll().where('document_id', '=', c.docA).orderBy('version').execute();
    expect(history.map((h) => [h.version, h.sha256])).toEqual([
      [1, sha256Hex(c.pdfA)],
      [2, sha256Hex(v2)],
    ]);
    // The old version's blob stays readable to participants (history).
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: c.users.an.token })).status).toBe(200);
  });

  it('deleting a document removes it for participants', async () => {
    const before = await pullAll(s.url, c.users.binh.token);
    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'document.delete', args: { id: c.docB } });
    const after = await pullAll(s.url, c.users.binh.token, before.cursor);
    expect(withoutWhatChanged(after.changes)).toEqual([{ entity: 'document', id: c.docB, op: 'delete' }]);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfB)}`, { token: c.users.binh.token })).status).toBe(404);
  });

  it('answers rejection messages in English when asked', async () => {
    const r = await call(s.url, 'POST', '/api/sync/push', {
      token: c.users.an.token,
      headers: { 'accept-language': 'en' },
      body: { mutations: [{ id: randomUUID(), kind: 'agendaItem.delete', args: { id: c.itemA } }] },
    });
    expect(r.body.results[0].error.code).toBe('forbidden');
    expect(r.body.results[0].error.message).toMatch(/permission|not allowed/i);
  });
});
