/** The live meeting snapshot: everything a screen needs to show the meeting as it is now. */
import { DEFAULT_SPEAKER_SECONDS, type LiveMeetingState } from '../../shared/live-meeting';

type LivePersonRole = LiveMeetingState['people'][number]['role'];
import { inProtocolOrder } from '../../shared/rules/participant-order';
import { evaluateQuorum } from '../../shared/rules/voting';
import type { Db } from '../db/open';
import { meetingRoll, rulesFor } from './roll';
import { voteView } from './votes';

/** The live row of a meeting, created on first use (current item: the first agenda item). */
export async function ensureLiveRow(db: Db, meetingId: string, now: string) {
  const row = await db.selectFrom('live_meetings').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  if (row) return row;
  const first = await db.selectFrom('agenda_items').select('id').where('meeting_id', '=', meetingId).orderBy('position').orderBy('id').executeTakeFirst();
  await db
    .insertInto('live_meetings')
    .values({ meeting_id: meetingId, current_item_id: first?.id ?? null, speaker_seconds: DEFAULT_SPEAKER_SECONDS, revision: 0, updated_at: now })
    .onConflict((oc) => oc.column('meeting_id').doNothing())
    .execute();
  return db.selectFrom('live_meetings').selectAll().where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
}

export async function buildSnapshot(db: Db, meetingId: string, now: string): Promise<LiveMeetingState> {
  const meeting = await db.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirstOrThrow();
  const live = await ensureLiveRow(db, meetingId, now);
  const agenda = await db.selectFrom('agenda_items').select(['id', 'title', 'position']).where('meeting_id', '=', meetingId).orderBy('position').orderBy('id').execute();
  const participants = inProtocolOrder(
    await db
      .selectFrom('participants')
      .innerJoin('users', 'users.id', 'participants.user_id')
      .select(['participants.user_id', 'participants.role', 'users.full_name', 'users.title'])
      .where('participants.meeting_id', '=', meetingId)
      .execute(),
    (p) => ({ role: p.role as LivePersonRole, fullName: p.full_name, title: p.title }),
  );
  const roll = await meetingRoll(db, meetingId);
  // Delegates who are not participants themselves still need a name on screen.
  const known = new Set(participants.map((p) => p.user_id));
  const extra = roll.delegations.map((d) => d.delegateId).filter((id) => !known.has(id));
  const extraUsers = extra.length ? await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', extra).execute() : [];
  const names = new Map([...participants.map((p) => [p.user_id, p.full_name] as const), ...extraUsers.map((u) => [u.id, u.full_name] as const)]);
  const quorum = evaluateQuorum(roll, await rulesFor(db, meeting));

  const speakerRows = await db
    .selectFrom('speaker_requests')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('status', 'in', ['waiting', 'speaking'])
    .execute();
  const speakers = speakerRows
    .filter((s) => s.status === 'speaking' || s.agenda_item_id === live.current_item_id)
    .sort((a, b) => (a.status === 'speaking' ? -1 : 0) - (b.status === 'speaking' ? -1 : 0) || a.position - b.position)
    .map((s) => ({
      id: s.id,
      userId: s.user_id,
      name: names.get(s.user_id) ?? '',
      agendaItemId: s.agenda_item_id,
      status: s.status as 'waiting' | 'speaking',
      requestedAt: s.requested_at,
      startedAt: s.started_at,
      durationSeconds: s.duration_seconds,
    }));

  const votes = await db.selectFrom('votes').selectAll().where('meeting_id', '=', meetingId).orderBy('opened_at', 'desc').orderBy('id').execute();
  const current = votes.find((v) => v.status === 'open') ?? votes.find((v) => v.status === 'closed');
  const presentation = await db.selectFrom('presentations').select(['document_id', 'page']).where('meeting_id', '=', meetingId).executeTakeFirst();

  return {
    meetingId,
    revision: live.revision,
    serverTime: now,
    meetingStatus: meeting.status,
    chairId: meeting.chair_id,
    agenda: agenda.map((a) => ({ id: a.id, title: a.title, position: a.position })),
    currentItemId: live.current_item_id,
    people: [
      ...participants.map((p) => ({ userId: p.user_id, name: p.full_name, role: p.role as LivePersonRole })),
      ...extraUsers.map((u) => ({ userId: u.id, name: u.full_name, role: 'guest' as LivePersonRole })),
    ],
    roll,
    quorum: { met: quorum.met, present: quorum.present, required: quorum.required, total: quorum.total },
    speakers,
    defaultSpeakerSeconds: live.speaker_seconds,
    vote: current ? await voteView(db, current) : null,
    votes: votes.map((v) => ({
      id: v.id,
      question: v.question,
      status: v.status as 'open' | 'closed',
      outcome: v.result_json ? (JSON.parse(v.result_json) as { outcome: string }).outcome : null,
      agendaItemId: v.agenda_item_id,
    })),
    presentation: presentation ? { documentId: presentation.document_id, page: presentation.page } : null,
  };
}
