import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/api';
import { call, idsOf, pullAll, pushOk, seedCommittee, sha256Hex, DIALECTS, startTestServer, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

describe.each(DIALECTS)('access control (%s)', (dialect) => {
  let s: TestServer;
  let c: Committee;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    c = await seedCommittee(s);
  });
  afterAll(async () => s?.stop());

  /** Every id mentioned anywhere in a pull, for "never leaks" assertions. */
  const allText = (changes: Change[]) => JSON.stringify(changes);

  it('a member pulls only his published meetings and their rows', async () => {
    const an = await pullAll(s.url, c.users.an.token);
    expect(idsOf(an.changes, 'meeting')).toEqual([c.meetingA]);
    expect(idsOf(an.changes, 'document')).toEqual([c.docA]);
    expect(idsOf(an.changes, 'agendaItem')).toEqual([c.itemA]);
    const participants = an.changes.filter((x) => x.entity === 'participant' && x.op === 'upsert');
    expect(participants.every((p) => p.op === 'upsert' && p.data.meetingId === c.meetingA)).toBe(true);
    // Nothing of meeting B (another member's) nor of draft D (his own, but unpublished).
    for (const hidden of [c.meetingB, c.meetingD, c.docB, c.docD, sha256Hex(c.pdfB), sha256Hex(c.pdfD)])
      expect(allText(an.changes)).not.toContain(hidden);
    // The organisation and every colleague's profile are visible, never credentials.
    expect(idsOf(an.changes, 'organization')).toHaveLength(1);
    expect(idsOf(an.changes, 'user')).toHaveLength(5);
    expect(allText(an.changes)).not.toMatch(/scrypt|password/);
  });

  it('a member of no meeting sees no meeting at all', async () => {
    const chi = await pullAll(s.url, c.users.chi.token);
    expect(idsOf(chi.changes, 'meeting')).toEqual([]);
    expect(idsOf(chi.changes, 'document')).toEqual([]);
  });

  it('the secretariat sees every meeting, drafts too', async () => {
    const sec = await pullAll(s.url, c.users.thuky.token);
    expect(idsOf(sec.changes, 'meeting').sort()).toEqual([c.meetingA, c.meetingB, c.meetingD].sort());
    expect(idsOf(sec.changes, 'document').sort()).toEqual([c.docA, c.docB, c.docD].sort());
  });

  it('blob download is allowed only for documents the caller may see; others look missing (404)', async () => {
    const own = await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: c.users.an.token });
    expect(own.status).toBe(200);
    const other = await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfB)}`, { token: c.users.an.token });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
    const draft = await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfD)}`, { token: c.users.an.token });
    expect(draft.status).toBe(404);
    const missing = await call(s.url, 'GET', `/api/blobs/${'0'.repeat(64)}`, { token: c.users.an.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(other.body);
    expect((await call(s.url, 'HEAD', `/api/blobs/${sha256Hex(c.pdfB)}`, { token: c.users.an.token })).status).toBe(404);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfB)}`, { token: c.users.thuky.token })).status).toBe(200);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`)).status).toBe(401);
  });

  it('members cannot change meetings or upload; their mutations are rejected and change nothing', async () => {
    const before = await pullAll(s.url, c.users.thuky.token);
    const r = await call(s.url, 'POST', '/api/sync/push', {
      token: c.users.an.token,
      body: {
        mutations: [
          { id: randomUUID(), kind: 'meeting.upsert', args: { id: c.meetingA, title: 'Bị sửa', startsAt: '2026-11-23T01:00:00Z', endsAt: '2026-11-23T02:00:00Z', location: '', status: 'published', chairId: null } },
          { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: c.meetingB, userId: c.users.an.id, role: 'member' } },
          { id: randomUUID(), kind: 'document.delete', args: { id: c.docA } },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => [x.status, x.error?.code])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
    expect(r.body.results[0].error.message).toBe('Bạn không có quyền thực hiện thao tác này.');
    const after = await pullAll(s.url, c.users.thuky.token, before.cursor);
    expect(after.changes).toEqual([]);
    const up = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: c.users.an.token, body: c.pdfA, headers: { 'content-type': 'application/pdf' } });
    expect(up.status).toBe(403);
  });

  it('markViewed on an invisible document is not_found; document views travel only to their owner', async () => {
    const bad = await call(s.url, 'POST', '/api/sync/push', {
      token: c.users.an.token,
      body: { mutations: [{ id: randomUUID(), kind: 'document.markViewed', args: { documentId: c.docB, version: 1 } }] },
    });
    expect(bad.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });

    const anBefore = await pullAll(s.url, c.users.an.token);
    const secBefore = await pullAll(s.url, c.users.thuky.token);
    const chairBefore = await pullAll(s.url, c.users.chutich.token);
    await pushOk(s.url, c.users.an.token, { id: randomUUID(), kind: 'document.markViewed', args: { documentId: c.docA, version: 1 } });

    const anAfter = await pullAll(s.url, c.users.an.token, anBefore.cursor);
    const views = anAfter.changes.filter((x) => x.entity === 'documentView');
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ op: 'upsert', data: { userId: c.users.an.id, documentId: c.docA, version: 1 } });
    for (const other of [
      await pullAll(s.url, c.users.thuky.token, secBefore.cursor),
      await pullAll(s.url, c.users.chutich.token, chairBefore.cursor),
    ])
      expect(other.changes.filter((x) => x.entity === 'documentView')).toEqual([]);
    // And in snapshots: his own views only.
    expect(idsOf((await pullAll(s.url, c.users.an.token)).changes, 'documentView')).toHaveLength(1);
    expect(idsOf((await pullAll(s.url, c.users.thuky.token)).changes, 'documentView')).toHaveLength(0);
  });

  it('publishing a draft hands its rows to participants whose cursor is already past them', async () => {
    const an = await pullAll(s.url, c.users.an.token);
    expect(idsOf(an.changes, 'meeting')).not.toContain(c.meetingD);
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'meeting.upsert',
      args: { id: c.meetingD, title: 'Phiên họp D', startsAt: '2026-11-24T01:00:00.000Z', endsAt: '2026-11-24T02:00:00.000Z', location: 'Phòng 2', status: 'published', chairId: c.users.chutich.id },
    });
    const next = await pullAll(s.url, c.users.an.token, an.cursor);
    expect(idsOf(next.changes, 'meeting')).toEqual([c.meetingD]);
    expect(idsOf(next.changes, 'document')).toEqual([c.docD]);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfD)}`, { token: c.users.an.token })).status).toBe(200);
    // Binh is not in D: nothing for him.
    const binh = await pullAll(s.url, c.users.binh.token);
    expect(idsOf(binh.changes, 'meeting')).toEqual([c.meetingB]);

    // Back to draft: An is told it is gone.
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'meeting.upsert',
      args: { id: c.meetingD, title: 'Phiên họp D', startsAt: '2026-11-24T01:00:00.000Z', endsAt: '2026-11-24T02:00:00.000Z', location: 'Phòng 2', status: 'draft', chairId: c.users.chutich.id },
    });
    const gone = await pullAll(s.url, c.users.an.token, next.cursor);
    expect(gone.changes).toContainEqual({ entity: 'meeting', id: c.meetingD, op: 'delete' });
    expect(idsOf(gone.changes, 'meeting')).toEqual([]);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfD)}`, { token: c.users.an.token })).status).toBe(404);
  });

  it('adding a participant later gives him the whole meeting; removing him deletes it for him', async () => {
    const chi = await pullAll(s.url, c.users.chi.token);
    const participantId = randomUUID();
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'participant.upsert',
      args: { id: participantId, meetingId: c.meetingB, userId: c.users.chi.id, role: 'guest' },
    });
    const added = await pullAll(s.url, c.users.chi.token, chi.cursor);
    expect(idsOf(added.changes, 'meeting')).toEqual([c.meetingB]);
    expect(idsOf(added.changes, 'document')).toEqual([c.docB]);
    expect(idsOf(added.changes, 'participant').sort()).toHaveLength(2);
    // Parents before children within a page.
    const order = added.changes.map((x) => x.entity);
    expect(order.indexOf('meeting')).toBeLessThan(order.indexOf('document'));

    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'participant.delete', args: { id: participantId } });
    const removed = await pullAll(s.url, c.users.chi.token, added.cursor);
    expect(removed.changes).toEqual([{ entity: 'meeting', id: c.meetingB, op: 'delete' }]);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfB)}`, { token: c.users.chi.token })).status).toBe(404);
    // Binh, still a participant, sees the participant row disappear, not the meeting.
    const binh = await pullAll(s.url, c.users.binh.token);
    expect(idsOf(binh.changes, 'meeting')).toEqual([c.meetingB]);
    expect(idsOf(binh.changes, 'participant')).not.toContain(participantId);
  });
});
