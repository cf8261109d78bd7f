import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/api';
import WebSocket from 'ws';
import type { Mutation } from '../../shared/api';
import { LIVE_MEETING_PATHS } from '../../shared/live-meeting';
import { ORGANISATION_HEADER } from '../../shared/organisations';
import { SECRETARIAT_PATHS } from '../../shared/secretariat';
import { addMember, createOrganisation } from '../../server/organisations/organisations';
import { addUser, call, idsOf, login, makePdf, PASSWORD, pullAll, pushOk, seedCommittee, sha256Hex, DIALECTS, startTestServer, uploadPdf, type TestServer } from './helpers';

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
  describe('two organisations side by side', () => {
    // The demo committee (A, above) and a department (B). The department's director chairs B and
    // is a plain member of A; B's secretary belongs to B alone.
    let orgB: string;
    let giamdoc: { id: string; token: string };
    let thukyB: { id: string; token: string };
    const meetingB = randomUUID();
    const itemB = randomUUID();
    let pdfB: Uint8Array;
    const enter = async (username: string) => ({ id: (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id, token: (await login(s.url, username)).accessToken });
    const command = (token: string, meetingId: string, body: unknown) => call(s.url, 'POST', LIVE_MEETING_PATHS.commands(meetingId), { token, body });
    const m = (kind: string, args: unknown) => ({ id: randomUUID(), kind, args }) as Mutation;

    beforeAll(async () => {
      orgB = (await createOrganisation(s.db, { name: 'Sở Tài chính', shortName: 'STC' })).id;
      await addUser(s.dataDir, { username: 'giamdoc', role: 'chair', fullName: 'Giám Đốc Sở', password: PASSWORD, org: 'STC' });
      await addUser(s.dataDir, { username: 'thuky.stc', role: 'secretary', fullName: 'Văn Thư Sở', password: PASSWORD, org: 'STC' });
      const orgA = (await s.db.selectFrom('users').select('org_id').where('id', '=', c.users.thuky.id).executeTakeFirstOrThrow()).org_id;
      await addMember(s.db, { org: orgA, username: 'giamdoc', role: 'member' });
      giamdoc = await enter('giamdoc');
      thukyB = await enter('thuky.stc');
      pdfB = await makePdf('So Tai chinh: du toan');
      expect((await uploadPdf(s.url, thukyB.token, pdfB)).status).toBe(201);
      const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
      await pushOk(
        s.url,
        thukyB.token,
        m('meeting.upsert', { id: meetingB, orgId: orgB, title: 'Giao ban Sở', startsAt: at(0), endsAt: at(2), location: 'Phòng 2', status: 'draft', chairId: giamdoc.id }),
        m('participant.upsert', { id: randomUUID(), meetingId: meetingB, userId: giamdoc.id, role: 'chair' }),
        m('agendaItem.upsert', { id: itemB, meetingId: meetingB, position: 1, title: 'Dự toán', presenterId: null, presenterLabel: '', plannedMinutes: 10 }),
        m('document.upsert', { id: randomUUID(), meetingId: meetingB, agendaItemId: itemB, title: 'Dự toán', fileName: 'du-toan.pdf', sha256: sha256Hex(pdfB), classification: 'internal' }),
        m('meeting.publish', { meetingId: meetingB }),
        m('meeting.start', { meetingId: meetingB }),
      );
      // In A, the director takes part in meeting A as a member; A's secretary starts it.
      await pushOk(s.url, c.users.thuky.token, m('participant.upsert', { id: randomUUID(), meetingId: c.meetingA, userId: giamdoc.id, role: 'member' }), m('meeting.start', { meetingId: c.meetingA }));
      for (const [token, meetingId] of [[giamdoc.token, meetingB], [giamdoc.token, c.meetingA]] as const) {
        const seat = await s.db.selectFrom('participants').select('id').where('meeting_id', '=', meetingId).where('user_id', '=', giamdoc.id).executeTakeFirstOrThrow();
        await pushOk(s.url, token, m('participant.setAttendance', { participantId: seat.id, attendance: 'present' }));
      }
    });

    it('a chair in one organisation and a member in the other opens a vote only in the first', async () => {
      const vote = { type: 'vote.open', vote: { question: 'Thông qua dự toán?' } };
      expect((await command(giamdoc.token, c.meetingA, vote)).status).toBe(403);
      const opened = await command(giamdoc.token, meetingB, vote);
      expect(opened.status).toBe(200);
      // B's secretary has no say in A's meeting, nor A's in B's.
      expect([403, 404]).toContain((await command(thukyB.token, c.meetingA, { type: 'item.next' })).status);
      expect([403, 404]).toContain((await command(c.users.thuky.token, meetingB, { type: 'item.next' })).status);
    });

    it('each organisation’s secretariat prepares only its own meetings; the member of both sees both', async () => {
      const refused = await call<{ results: { status: string; error?: { code: string } }[] }>(s.url, 'POST', '/api/sync/push', {
        token: thukyB.token,
        body: { mutations: [m('agendaItem.upsert', { id: randomUUID(), meetingId: c.meetingA, position: 9, title: 'X', presenterId: null, presenterLabel: '', plannedMinutes: 5 })] },
      });
      expect(refused.body.results[0]).toMatchObject({ status: 'rejected' });
      expect(['forbidden', 'not_found']).toContain(refused.body.results[0].error?.code);
      const both = await pullAll(s.url, giamdoc.token);
      expect(idsOf(both.changes, 'meeting').sort()).toEqual([c.meetingA, meetingB].sort());
      expect(idsOf(both.changes, 'organization')).toHaveLength(2);
      const a = await pullAll(s.url, c.users.thuky.token);
      expect(idsOf(a.changes, 'meeting')).not.toContain(meetingB);
      expect(JSON.stringify(a.changes)).not.toContain(sha256Hex(pdfB));
    });

    it('the directory a user receives holds only the people who share an organisation with him', async () => {
      const ofA = idsOf((await pullAll(s.url, c.users.an.token)).changes, 'user');
      expect(ofA).toContain(giamdoc.id);
      expect(ofA).not.toContain(thukyB.id);
      const ofB = idsOf((await pullAll(s.url, thukyB.token)).changes, 'user');
      expect(ofB.sort()).toEqual([giamdoc.id, thukyB.id].sort());
      expect(idsOf((await pullAll(s.url, giamdoc.token)).changes, 'user')).toEqual(expect.arrayContaining([thukyB.id, c.users.an.id]));
    });

    it('a file of organisation B is refused to A’s secretariat and members; B reads it', async () => {
      const sha = sha256Hex(pdfB);
      expect((await call(s.url, 'GET', `/api/blobs/${sha}`, { token: c.users.thuky.token })).status).toBe(404);
      expect((await call(s.url, 'HEAD', `/api/blobs/${sha}`, { token: c.users.an.token })).status).toBe(404);
      expect((await call(s.url, 'GET', `/api/blobs/${sha}`, { token: thukyB.token })).status).toBe(200);
      expect((await call(s.url, 'GET', `/api/blobs/${sha}`, { token: giamdoc.token })).status).toBe(200);
      // And A's papers to B's secretary.
      expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(c.pdfA)}`, { token: thukyB.token })).status).toBe(404);
    });

    it('each organisation reads only its own audit entries', async () => {
      const auditOf = async (token: string, headers?: Record<string, string>) =>
        (await call<{ entries: { entityId: string; userId: string | null; before: unknown; after: unknown }[] }>(s.url, 'GET', `${SECRETARIAT_PATHS.audit}?limit=500`, { token, headers })).body.entries;
      const a = await auditOf(c.users.thuky.token);
      const b = await auditOf(thukyB.token);
      expect(b.map((e) => e.entityId)).toContain(meetingB);
      expect(JSON.stringify(b)).not.toContain(c.meetingA);
      expect(JSON.stringify(a)).not.toContain(meetingB);
      expect(a.some((e) => e.userId === thukyB.id)).toBe(false);
      // The director's check-in in A is A's entry; in B, B's.
      expect(a.some((e) => e.userId === giamdoc.id)).toBe(true);
      expect(b.some((e) => e.userId === giamdoc.id)).toBe(true);
      // Naming an organisation one does not belong to is refused.
      expect((await call(s.url, 'GET', SECRETARIAT_PATHS.audit, { token: thukyB.token, headers: { [ORGANISATION_HEADER]: (await s.db.selectFrom('users').select('org_id').where('id', '=', c.users.thuky.id).executeTakeFirstOrThrow()).org_id } })).status).toBe(403);
    });

    it('a meeting’s archive is its own organisation’s secretariat’s; an upload needs the secretariat of one of the caller’s organisations', async () => {
      const archive = (token: string, meetingId: string) => call(s.url, 'GET', SECRETARIAT_PATHS.archive(meetingId), { token, headers: { accept: 'application/zip' } });
      expect((await archive(thukyB.token, meetingB)).status).toBe(200);
      expect((await archive(c.users.thuky.token, meetingB)).status).toBe(404);
      expect((await archive(thukyB.token, c.meetingA)).status).toBe(404);
      // The director: chair of B, member of A, secretariat nowhere.
      expect((await archive(giamdoc.token, meetingB)).status).toBe(403);
      expect((await archive(giamdoc.token, c.meetingA)).status).toBe(403);
      expect((await uploadPdf(s.url, giamdoc.token, await makePdf('Giam doc tai len'))).status).toBe(403);
      // B's secretary's upload is B's: A's secretary does not read it by its hash.
      const pdf = await makePdf('So Tai chinh: phu luc');
      expect((await uploadPdf(s.url, thukyB.token, pdf)).status).toBe(201);
      expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(pdf)}`, { token: c.users.thuky.token })).status).toBe(404);
      expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(pdf)}`, { token: thukyB.token })).status).toBe(200);
    });

    it('a meeting socket of organisation B is closed to A’s people', async () => {
      const open = (token: string) =>
        new Promise<{ code: number | null; frames: unknown[] }>((resolve) => {
          const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}${LIVE_MEETING_PATHS.socket(meetingB)}`, { headers: { authorization: `Bearer ${token}` } });
          const frames: unknown[] = [];
          ws.on('message', (d) => {
            frames.push(JSON.parse(String(d)));
            if ((frames[0] as { type: string }).type === 'state') {
              ws.terminate();
              resolve({ code: null, frames });
            }
          });
          ws.on('close', (code) => resolve({ code, frames }));
          ws.on('unexpected-response', () => resolve({ code: -1, frames }));
        });
      const outsider = await open(c.users.thuky.token);
      expect(outsider.code).not.toBeNull();
      expect(outsider.frames.filter((f) => (f as { type: string }).type !== 'gone')).toEqual([]);
      expect((await open(giamdoc.token)).frames[0]).toMatchObject({ type: 'state' });
    });
  });
});
