/**
 * The meeting's life on a real server (part 2): no way out of draft skips the publish
 * rules and effects; stale deletes are refused like stale saves; the chair (or the
 * secretariat) starts the meeting; a deputy may be a user of the organization, named by the
 * secretariat or by the member himself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../shared/api';
import { call, idsOf, pullAll, pushOk, seedCommittee, startTestServer, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;
type MeetingUpsert = Extract<Mutation, { kind: 'meeting.upsert' }>;

describe('secretariat: meeting lifecycle', () => {
  let s: TestServer;
  let c: Committee;
  const sec = () => c.users.thuky.token;

  beforeAll(async () => {
    s = await startTestServer();
    c = await seedCommittee(s);
  });
  afterAll(async () => s?.stop());

  const push1 = async (token: string, m: Mutation): Promise<MutationResult> => {
    const r = await call(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] } });
    expect(r.status).toBe(200);
    return r.body.results[0];
  };
  const meeting = (status: MeetingUpsert['args']['status'], over: Partial<MeetingUpsert['args']> = {}): MeetingUpsert => ({
    id: randomUUID(),
    kind: 'meeting.upsert',
    args: { id: randomUUID(), title: 'Phiên họp bất thường', startsAt: '2026-12-02T01:00:00.000Z', endsAt: '2026-12-02T03:00:00.000Z', location: 'Phòng họp số 2', status, chairId: c.users.chutich.id, ...over },
  });
  const participant = (meetingId: string, userId: string, role: 'chair' | 'member' = 'member'): Mutation => ({
    id: randomUUID(),
    kind: 'participant.upsert',
    args: { id: randomUUID(), meetingId, userId, role },
  });
  const row = (id: string) => s.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const invitations = async (meetingId: string) =>
    (await s.db.selectFrom('notices').select('user_id').where('meeting_id', '=', meetingId).where('kind', '=', 'invitation').execute()).map((n) => n.user_id).sort();

  it('a meeting cannot be created directly as published or in progress: the publish rules refuse it and nothing is written', async () => {
    for (const status of ['published', 'in_progress'] as const) {
      const m = meeting(status);
      const r = await push1(sec(), m);
      expect(r).toMatchObject({ status: 'rejected', error: { code: 'publish_no_participants', message: 'Chưa thể phát hành: cuộc họp chưa có thành phần dự họp.' } });
      expect(await s.db.selectFrom('meetings').select('id').where('id', '=', m.args.id).executeTakeFirst()).toBeUndefined();
    }
    // Without a chair either: both reasons.
    const noChair = await push1(sec(), meeting('published', { chairId: null }));
    expect(noChair).toMatchObject({ status: 'rejected', error: { code: 'publish_no_chair', details: { reasons: ['no_chair', 'no_participants'] } } });
  });

  it('a draft set straight to in progress goes through the same rules and effects as publishing', async () => {
    const m = meeting('draft');
    await pushOk(s.url, sec(), m, participant(m.args.id, c.users.an.id), participant(m.args.id, c.users.chutich.id, 'chair'));
    const an = await pullAll(s.url, c.users.an.token);
    await pushOk(s.url, sec(), { ...m, id: randomUUID(), args: { ...m.args, status: 'in_progress' } });
    const r = await row(m.args.id);
    expect(r.status).toBe('in_progress');
    expect(r.published_at).toBeTruthy();
    expect(await invitations(m.args.id)).toEqual([c.users.an.id, c.users.chutich.id].sort());
    const seen = await pullAll(s.url, c.users.an.token, an.cursor);
    expect(idsOf(seen.changes, 'meeting')).toEqual([m.args.id]);
    expect(seen.changes.filter((x) => x.entity === 'notice')).toHaveLength(1);
  });

  it('closing a draft is refused (it would reach the participants without invitation)', async () => {
    const m = meeting('draft');
    await pushOk(s.url, sec(), m, participant(m.args.id, c.users.an.id));
    const r = await push1(sec(), { id: randomUUID(), kind: 'meeting.close', args: { meetingId: m.args.id } });
    expect(r).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', details: { field: 'status' } } });
    expect((await row(m.args.id)).status).toBe('draft');
  });

  it('a stale delete is refused with conflict and the current row; on the current revision it applies', async () => {
    const m = meeting('draft');
    const item = randomUUID();
    await pushOk(s.url, sec(), m, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: item, meetingId: m.args.id, position: 1, title: 'Bản đầu', presenterId: null, presenterLabel: '', plannedMinutes: 20 },
    });
    // Another secretary renames it (revision 2) while the first one decides, on revision 1, to delete it.
    await pushOk(s.url, sec(), {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: item, meetingId: m.args.id, position: 1, title: 'Bản đã sửa', presenterId: null, presenterLabel: '', plannedMinutes: 20, baseRevision: 1 },
    });
    const stale = await push1(sec(), { id: randomUUID(), kind: 'agendaItem.delete', args: { id: item, baseRevision: 1 } });
    expect(stale).toMatchObject({
      status: 'rejected',
      error: { code: 'conflict', details: { entity: 'agendaItem', id: item, baseRevision: 1, currentRevision: 2, current: { title: 'Bản đã sửa' } } },
    });
    expect(await s.db.selectFrom('agenda_items').select('id').where('id', '=', item).executeTakeFirst()).toBeDefined();
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'agendaItem.delete', args: { id: item, baseRevision: 2 } });
    expect(await s.db.selectFrom('agenda_items').select('id').where('id', '=', item).executeTakeFirst()).toBeUndefined();

    // The same for participants, documents and tasks.
    const p = participant(m.args.id, c.users.binh.id) as Extract<Mutation, { kind: 'participant.upsert' }>;
    await pushOk(s.url, sec(), p, { id: randomUUID(), kind: 'participant.upsert', args: { ...p.args, role: 'guest', baseRevision: 1 } });
    expect(await push1(sec(), { id: randomUUID(), kind: 'participant.delete', args: { id: p.args.id, baseRevision: 1 } })).toMatchObject({ error: { code: 'conflict', details: { entity: 'participant', currentRevision: 2 } } });
    const stalDoc = await push1(sec(), { id: randomUUID(), kind: 'document.delete', args: { id: c.docD, baseRevision: 7 } });
    expect(stalDoc).toMatchObject({ error: { code: 'conflict', details: { entity: 'document', id: c.docD, currentRevision: 1 } } });
  });

  it('the chair starts a published meeting (Bắt đầu họp); its members see it in progress at their next pull; members may not start it', async () => {
    const an = await pullAll(s.url, c.users.an.token);
    const refused = await push1(c.users.an.token, { id: randomUUID(), kind: 'meeting.start', args: { meetingId: c.meetingA } });
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    // Binh is not in meeting A: he learns nothing of it.
    expect(await push1(c.users.binh.token, { id: randomUUID(), kind: 'meeting.start', args: { meetingId: c.meetingA } })).toMatchObject({ error: { code: 'not_found' } });
    // A draft cannot start.
    expect(await push1(sec(), { id: randomUUID(), kind: 'meeting.start', args: { meetingId: c.meetingD } })).toMatchObject({ error: { code: 'validation_failed' } });

    await pushOk(s.url, c.users.chutich.token, { id: randomUUID(), kind: 'meeting.start', args: { meetingId: c.meetingA, baseRevision: (await row(c.meetingA)).revision } });
    const seen = await pullAll(s.url, c.users.an.token, an.cursor);
    expect(seen.changes.find((x) => x.entity === 'meeting' && x.id === c.meetingA)).toMatchObject({ op: 'upsert', data: { status: 'in_progress' } });
    const audit = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'meeting.start').where('entity_id', '=', c.meetingA).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].user_id).toBe(c.users.chutich.id);
    // Ending it is closing (secretariat); then it is read-only.
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'meeting.close', args: { meetingId: c.meetingA } });
    expect(await push1(c.users.chutich.token, { id: randomUUID(), kind: 'meeting.start', args: { meetingId: c.meetingA } })).toMatchObject({ error: { code: 'meeting_closed' } });
  });

  it('a deputy can be a user of the organization: named by the secretariat or the chair, or by the member himself for his own seat within the rules', async () => {
    const pB = await s.db.selectFrom('participants').selectAll().where('meeting_id', '=', c.meetingB).where('user_id', '=', c.users.binh.id).executeTakeFirstOrThrow();
    // Binh alone may not name Chi, who is not in the meeting (the default decision rule) ...
    expect(await push1(c.users.binh.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pB.id, attendance: 'absent', delegateUserId: c.users.chi.id } })).toMatchObject({
      error: { code: 'deputy_not_allowed' },
    });
    // ... the secretariat records her on the chair's approval.
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pB.id, attendance: 'absent', delegateUserId: c.users.chi.id } });
    let after = await s.db.selectFrom('participants').selectAll().where('id', '=', pB.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ attendance: 'absent', delegate_user_id: c.users.chi.id });
    // Not himself, not a stranger to the organization, not somebody else's seat.
    expect(await push1(c.users.binh.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pB.id, attendance: 'absent', delegateUserId: c.users.binh.id } })).toMatchObject({
      error: { code: 'validation_failed' },
    });
    expect(await push1(c.users.binh.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pB.id, attendance: 'absent', delegateUserId: randomUUID() } })).toMatchObject({
      error: { code: 'validation_failed' },
    });
    const pD = await s.db.selectFrom('participants').selectAll().where('meeting_id', '=', c.meetingD).where('user_id', '=', c.users.an.id).executeTakeFirstOrThrow();
    // (Another meeting's seat: not even its existence is revealed.)
    expect(await push1(c.users.binh.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pD.id, attendance: 'absent', delegateUserId: c.users.chi.id } })).toMatchObject({
      error: { code: 'not_found' },
    });
    // A member may not mark himself absent without naming a deputy (absences are the secretariat's).
    expect(await push1(c.users.binh.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pB.id, attendance: 'absent' } })).toMatchObject({ error: { code: 'forbidden' } });
    // He withdraws it.
    await pushOk(s.url, c.users.binh.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pB.id, attendance: 'unknown', delegateUserId: null, delegateName: '' } });
    after = await s.db.selectFrom('participants').selectAll().where('id', '=', pB.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ attendance: 'unknown', delegate_user_id: null, delegate_name: '' });

    // The secretariat names a user deputy through the participant row; the free text stays for deputies without an account.
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'participant.upsert', args: { id: pB.id, meetingId: c.meetingB, userId: c.users.binh.id, role: 'member', delegateUserId: c.users.an.id, delegateName: '' } });
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: pB.id, attendance: 'absent', delegateName: 'Ông Hoàng Văn Khách (Sở Nội vụ)', delegateUserId: null } });
    after = await s.db.selectFrom('participants').selectAll().where('id', '=', pB.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ delegate_user_id: null, delegate_name: 'Ông Hoàng Văn Khách (Sở Nội vụ)' });
  });
});
