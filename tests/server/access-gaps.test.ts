/**
 * Access gaps closed over HTTP: confidential documents in written opinions and "viewed" marks,
 * draft minutes and the user directory for guests, and who may be named voting deputy (a
 * decision rule). Real server, real SQLite, real pushes and pulls.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationInput as Mutation, PushResponse } from '../../shared/api';
import { getDecisionRules, setDecisionRules } from '../../server/index';
import { addUser, call, login, PASSWORD, pullAll, pushOk, seedCommittee, sha256Hex, startTestServer, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

async function push(s: TestServer, token: string, m: Mutation, lang = 'vi') {
  const r = await call<PushResponse>(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] }, headers: { 'accept-language': lang } });
  expect(r.status).toBe(200);
  return r.body.results[0];
}

describe('access gaps', () => {
  let s: TestServer;
  let c: Committee;
  let guest: { id: string; token: string };
  let participantOf: Map<string, string>;
  beforeAll(async () => {
    s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    c = await seedCommittee(s);
    const g = await addUser(s.dataDir, { username: 'khach', role: 'guest', fullName: 'Vũ Khách Mời', password: PASSWORD });
    guest = { id: g.id, token: (await login(s.url, 'khach')).accessToken };
    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: c.meetingA, userId: guest.id, role: 'guest' } });
    const rows = await s.db.selectFrom('participants').select(['id', 'user_id']).where('meeting_id', '=', c.meetingA).execute();
    participantOf = new Map(rows.map((r) => [r.user_id, r.id]));
  });
  afterAll(async () => s?.stop());

  const confidential = (readerIds: string[]): Mutation => ({
    id: randomUUID(),
    kind: 'document.upsert',
    args: { id: c.docA, meetingId: c.meetingA, agendaItemId: c.itemA, title: 'Tờ trình', fileName: 'to-trinh.pdf', sha256: sha256Hex(c.pdfA), classification: 'confidential', readerIds },
  });
  const internal = (): Mutation => ({
    id: randomUUID(),
    kind: 'document.upsert',
    args: { id: c.docA, meetingId: c.meetingA, agendaItemId: c.itemA, title: 'Tờ trình', fileName: 'to-trinh.pdf', sha256: sha256Hex(c.pdfA), classification: 'internal', readerIds: [] },
  });
  const opinion = (attachments: unknown[], recipientIds: string[]): Mutation =>
    ({
      id: randomUUID(),
      kind: 'opinionRequest.send',
      args: { id: randomUUID(), title: 'Lấy ý kiến về tờ trình', question: 'Đồng ý thông qua?', attachments, instructedBy: c.users.chutich.id, recipientIds },
    }) as Mutation;

  it('a written opinion may not attach a confidential document some recipients may not read (by document or by its bytes)', async () => {
    await pushOk(s.url, c.users.thuky.token, confidential([c.users.an.id, c.users.chutich.id]));
    const byDoc = await push(s, c.users.thuky.token, opinion([{ documentId: c.docA }], [c.users.an.id, c.users.binh.id]));
    expect(byDoc.status).toBe('rejected');
    expect(byDoc.error).toMatchObject({ code: 'opinion_attachment_confidential' });
    expect(byDoc.error?.message).toContain('Mật');
    const byBytes = await push(s, c.users.thuky.token, opinion([{ sha256: sha256Hex(c.pdfA), fileName: 'x.pdf', title: 'Bản sao' }], [c.users.binh.id]), 'en');
    expect(byBytes.error).toMatchObject({ code: 'opinion_attachment_confidential' });
    expect(byBytes.error?.message).toContain('confidential');
    // Everyone asked is a reader: allowed.
    expect((await push(s, c.users.thuky.token, opinion([{ documentId: c.docA }], [c.users.an.id]))).status).toBe('applied');
    const bytes = await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: c.users.binh.token });
    expect(bytes.status).toBe(404);
    await pushOk(s.url, c.users.thuky.token, internal());
  });

  it('a document attached while internal and then made confidential: its bytes no longer reach recipients who are not readers', async () => {
    await pushOk(s.url, c.users.thuky.token, opinion([{ documentId: c.docA }], [c.users.an.id, c.users.binh.id]));
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: c.users.binh.token })).status).toBe(200);
    await pushOk(s.url, c.users.thuky.token, confidential([c.users.an.id, c.users.chutich.id]));
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: c.users.binh.token })).status).toBe(404);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: c.users.an.token })).status).toBe(200);
    await pushOk(s.url, c.users.thuky.token, internal());
  });

  it('a participant who is not a reader may not mark a confidential document viewed', async () => {
    await pushOk(s.url, c.users.thuky.token, confidential([c.users.chutich.id]));
    const r = await push(s, c.users.an.token, { id: randomUUID(), kind: 'document.markViewed', args: { documentId: c.docA, version: 1 } });
    expect(r.status).toBe('rejected');
    expect(r.error).toMatchObject({ code: 'not_found' });
    expect((await push(s, c.users.chutich.token, { id: randomUUID(), kind: 'document.markViewed', args: { documentId: c.docA, version: 1 } })).status).toBe('applied');
    const views = await s.db.selectFrom('document_views').select('user_id').where('document_id', '=', c.docA).execute();
    expect(views.map((v) => v.user_id)).not.toContain(c.users.an.id);
    await pushOk(s.url, c.users.thuky.token, internal());
  });

  it("the secretary's draft minutes reach the members but not the guest until they are issued", async () => {
    const minutesId = randomUUID();
    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'minutes.save', args: { id: minutesId, meetingId: c.meetingA, body: 'Dự thảo: ý kiến chưa chốt', conclusions: 'Chưa kết luận' } });
    const member = await pullAll(s.url, c.users.an.token);
    expect(member.changes.some((x) => x.entity === 'minutes' && x.id === minutesId && x.op === 'upsert')).toBe(true);
    const draft = await pullAll(s.url, guest.token);
    expect(draft.changes.filter((x) => x.entity === 'minutes' && x.op === 'upsert')).toEqual([]);
    expect(JSON.stringify(draft.changes)).not.toContain('Dự thảo: ý kiến chưa chốt');
    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'minutes.exportPdf', args: { meetingId: c.meetingA } });
    const issued = await pullAll(s.url, guest.token, draft.cursor);
    expect(issued.changes.some((x) => x.entity === 'minutes' && x.id === minutesId && x.op === 'upsert')).toBe(true);
  });

  it('a guest receives only the people of his meetings, without their login names', async () => {
    const { changes } = await pullAll(s.url, guest.token);
    const users = changes.filter((x) => x.entity === 'user' && x.op === 'upsert').map((x) => (x as { data: { id: string; username: string } }).data);
    const ids = new Set(users.map((u) => u.id));
    // Meeting A: An, the chair, the guest himself; not Bình (meeting B), Chi (none) or the secretary.
    expect(ids).toEqual(new Set([c.users.an.id, c.users.chutich.id, guest.id]));
    expect(users.find((u) => u.id === c.users.an.id)!.username).not.toBe('an');
    expect(users.find((u) => u.id === guest.id)!.username).toBe('khach');
    // A member still sees his colleagues.
    const member = await pullAll(s.url, c.users.an.token);
    expect(member.changes.filter((x) => x.entity === 'user').length).toBeGreaterThanOrEqual(6);
  });

  it('a guest added to another meeting receives its people with it', async () => {
    const before = await pullAll(s.url, guest.token);
    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: c.meetingB, userId: guest.id, role: 'guest' } });
    const after = await pullAll(s.url, guest.token, before.cursor);
    expect(after.changes.some((x) => x.entity === 'user' && x.id === c.users.binh.id && x.op === 'upsert')).toBe(true);
  });

  it('a member may name as voting deputy only another member of the meeting; the chair may approve someone else', async () => {
    const meetingId = c.meetingA;
    const binhSeat = randomUUID();
    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'participant.upsert', args: { id: binhSeat, meetingId, userId: c.users.binh.id, role: 'member' } });
    const anSeat = participantOf.get(c.users.an.id)!;
    const name = (token: string, deputy: string) =>
      push(s, token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: anSeat, attendance: 'absent', delegateUserId: deputy } });
    for (const deputy of [guest.id, c.users.thuky.id, c.users.chi.id]) {
      const r = await name(c.users.an.token, deputy);
      expect(r.status, deputy).toBe('rejected');
      expect(r.error).toMatchObject({ code: 'deputy_not_allowed' });
      expect(r.error?.message).toContain('Chủ tọa');
    }
    expect((await name(c.users.an.token, c.users.binh.id)).status).toBe('applied');
    // Someone without an account, named only in words, has no seat: the member alone may not, the chair may.
    const inWords = (token: string) =>
      push(s, token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: anSeat, attendance: 'absent', delegateUserId: null, delegateName: 'Ông Bất Kỳ' } });
    expect((await inWords(c.users.an.token)).error).toMatchObject({ code: 'deputy_not_allowed' });
    expect((await inWords(c.users.chutich.token)).status).toBe('applied');
    // The chair approves an outsider by recording it; so may the secretariat (on his approval).
    expect((await name(c.users.chutich.token, c.users.chi.id)).status).toBe('applied');
    expect((await name(c.users.thuky.token, c.users.chi.id)).status).toBe('applied');
    // A stricter organisation: only meeting members, whoever records it.
    const current = await getDecisionRules(s.dataDir);
    await setDecisionRules(s.dataDir, { ...current, delegation: { ...current.delegation, deputies: 'meeting_member' } });
    expect((await name(c.users.chutich.token, c.users.chi.id)).error).toMatchObject({ code: 'deputy_not_allowed' });
    expect((await name(c.users.chutich.token, c.users.binh.id)).status).toBe('applied');
  });
});
