/**
 * The order of the checks every mutation passes (server/mutators/run.ts): the role comes
 * first, so somebody who may not send a kind learns nothing from it, not even the current row
 * of a draft through a stale-revision `conflict` or that a meeting is closed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationInput as Mutation, MutationResult } from '../../shared/api';
import { call, pushOk, seedCommittee, startTestServer, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

describe('mutator guards', () => {
  let s: TestServer;
  let c: Committee;
  const push1 = async (token: string, m: Mutation): Promise<MutationResult> => (await call(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] } })).body.results[0];

  beforeAll(async () => {
    s = await startTestServer();
    c = await seedCommittee(s);
  }, 60_000);
  afterAll(async () => s?.stop());

  it("a member's stale save of a draft he may not see is forbidden, without the draft's row", async () => {
    const stale = { ...c.meeting(c.meetingD, 'Đổi tên', 'draft'), id: randomUUID() } as Extract<Mutation, { kind: 'meeting.upsert' }>;
    stale.args = { ...stale.args, baseRevision: 99 };
    const asMember = await push1(c.users.an.token, stale);
    expect(asMember.error).toMatchObject({ code: 'forbidden' });
    expect(asMember.error?.details).toBeUndefined();
    // The secretariat gets the conflict and the row as it is now.
    const asSecretary = await push1(c.users.thuky.token, { ...stale, id: randomUUID() });
    expect(asSecretary.error).toMatchObject({ code: 'conflict', details: { entity: 'meeting', id: c.meetingD, baseRevision: 99 } });
  });

  it('a closed meeting refuses the secretariat (meeting_closed) and a member first of all by role', async () => {
    const meetingId = randomUUID();
    await pushOk(s.url, c.users.thuky.token, c.meeting(meetingId, 'Phiên họp đã kết thúc', 'draft'), c.participant(meetingId, c.users.an.id));
    await pushOk(
      s.url,
      c.users.thuky.token,
      { id: randomUUID(), kind: 'meeting.publish', args: { meetingId } },
      { id: randomUUID(), kind: 'meeting.close', args: { meetingId } },
    );
    const item: Mutation = {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId, position: 1, title: 'Muộn', presenterId: null, presenterLabel: '', plannedMinutes: 5 },
    };
    expect((await push1(c.users.thuky.token, item)).error?.code).toBe('meeting_closed');
    expect((await push1(c.users.an.token, { ...item, id: randomUUID() })).error?.code).toBe('forbidden');
    // A member's own check-in is his to send: the closed meeting is what refuses it.
    const p = await s.db.selectFrom('participants').select('id').where('meeting_id', '=', meetingId).where('user_id', '=', c.users.an.id).executeTakeFirstOrThrow();
    expect((await push1(c.users.an.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: p.id, attendance: 'present' } })).error?.code).toBe(
      'meeting_closed',
    );
  });
});
