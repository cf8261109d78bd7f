/** The chair's moves and the members' speaker requests, each in one transaction. */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { LiveCommand } from '../../shared/live-meeting';
import type { Db } from '../db/open';
import type { MeetingRow, UserRow } from '../db/schema';
import { canChair } from './roll';
import { ensureLiveRow } from './state';
import { closeVote, openVote } from './votes';
import { recordAudit } from '../audit/record-audit';

export interface CommandOutcome {
  /** A vote was opened with a timer: the service schedules its close. */
  openedVoteId?: string;
  closedVoteId?: string;
}

const CHAIR_ONLY = new Set<LiveCommand['type']>([
  'item.goto',
  'item.next',
  'item.previous',
  'speaker.grant',
  'speaker.remove',
  'speaker.move',
  'speaker.setDefault',
  'vote.open',
  'vote.close',
]);

async function audit(trx: Db, user: UserRow, action: string, meetingId: string, after: unknown, now: string): Promise<void> {
  await recordAudit(trx, { userId: user.id, action, entity: 'liveMeeting', entityId: meetingId, after, at: now, meetingId });
}

export async function applyCommand(trx: Db, user: UserRow, meeting: MeetingRow, cmd: LiveCommand, now: string): Promise<CommandOutcome> {
  const chair = await canChair(trx, user, meeting);
  if (CHAIR_ONLY.has(cmd.type) && !chair) throw new AppError('forbidden', 'only the chair of this meeting or the secretariat');
  if (meeting.status === 'closed' && cmd.type !== 'vote.close') throw new AppError('meeting_closed', 'the meeting is closed');
  const live = await ensureLiveRow(trx, meeting.id, now);
  const out: CommandOutcome = {};
  const agenda = await trx.selectFrom('agenda_items').select(['id', 'title']).where('meeting_id', '=', meeting.id).orderBy('position').orderBy('id').execute();
  const setItem = async (id: string | null) => {
    await trx.updateTable('live_meetings').set({ current_item_id: id }).where('meeting_id', '=', meeting.id).execute();
    await audit(trx, user, 'live.item', meeting.id, { agendaItemId: id, title: agenda.find((a) => a.id === id)?.title ?? null }, now);
  };
  // `is not distinct from`, not `is`: the current item may be null, and PostgreSQL takes `IS` only before NULL.
  const queue = () =>
    trx.selectFrom('speaker_requests').selectAll().where('meeting_id', '=', meeting.id).where('agenda_item_id', 'is not distinct from', live.current_item_id).where('status', '=', 'waiting').orderBy('position').execute();
  const finishSpeaking = () =>
    trx.updateTable('speaker_requests').set({ status: 'done' }).where('meeting_id', '=', meeting.id).where('status', '=', 'speaking').execute();

  /** The queue of the item being left goes along to the next one, or is cleared (the chair chooses). */
  const carrySpeakers = async (to: string, how: 'keep' | 'clear' | undefined) => {
    if (to === live.current_item_id) return;
    if (how === 'clear') {
      await finishSpeaking();
      const r = await trx
        .updateTable('speaker_requests')
        .set({ status: 'removed' })
        .where('meeting_id', '=', meeting.id)
        .where('agenda_item_id', 'is not distinct from', live.current_item_id)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      await audit(trx, user, 'live.speakerRemoved', meeting.id, { cleared: Number(r.numUpdatedRows) }, now);
      return;
    }
    const moving = await trx
      .selectFrom('speaker_requests')
      .selectAll()
      .where('meeting_id', '=', meeting.id)
      .where((eb) => eb.or([eb('status', '=', 'speaking'), eb.and([eb('status', '=', 'waiting'), eb('agenda_item_id', 'is not distinct from', live.current_item_id)])]))
      .orderBy('position')
      .execute();
    if (moving.length === 0) return;
    // After anyone already waiting on the next item (e.g. asked there before), in their order.
    const there = await trx
      .selectFrom('speaker_requests')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('meeting_id', '=', meeting.id)
      .where('agenda_item_id', '=', to)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    let position = Number(there?.p ?? 0);
    for (const r of moving) {
      // Someone waiting on both items keeps one place: the one he had on the next item.
      const dup = await trx.selectFrom('speaker_requests').select('id').where('meeting_id', '=', meeting.id).where('agenda_item_id', '=', to).where('user_id', '=', r.user_id).where('status', '=', 'waiting').executeTakeFirst();
      if (dup && r.status === 'waiting') {
        await trx.updateTable('speaker_requests').set({ status: 'withdrawn' }).where('id', '=', r.id).execute();
        continue;
      }
      await trx.updateTable('speaker_requests').set({ agenda_item_id: to, position: r.status === 'speaking' ? 0 : ++position }).where('id', '=', r.id).execute();
    }
  };

  switch (cmd.type) {
    case 'item.goto':
      if (!agenda.some((a) => a.id === cmd.agendaItemId)) throw new AppError('validation_failed', 'no such agenda item in this meeting', { field: 'agendaItemId' });
      await carrySpeakers(cmd.agendaItemId, cmd.speakers);
      await setItem(cmd.agendaItemId);
      break;
    case 'item.next':
    case 'item.previous': {
      const i = agenda.findIndex((a) => a.id === live.current_item_id);
      const j = cmd.type === 'item.next' ? i + 1 : i - 1;
      if (j < 0 || j >= agenda.length) throw new AppError('validation_failed', 'no further agenda item', { field: 'agendaItemId' });
      await carrySpeakers(agenda[j].id, cmd.speakers);
      await setItem(agenda[j].id);
      break;
    }
    case 'speaker.request': {
      const isParticipant = await trx.selectFrom('participants').select('id').where('meeting_id', '=', meeting.id).where('user_id', '=', user.id).executeTakeFirst();
      if (!isParticipant) throw new AppError('forbidden', 'only participants ask to speak');
      const mine = await trx
        .selectFrom('speaker_requests')
        .select('id')
        .where('meeting_id', '=', meeting.id)
        .where('user_id', '=', user.id)
        .where('agenda_item_id', 'is not distinct from', live.current_item_id)
        .where('status', 'in', ['waiting', 'speaking'])
        .executeTakeFirst();
      if (mine) break; // asking twice keeps one place in the queue
      const last = (await queue()).at(-1);
      await trx
        .insertInto('speaker_requests')
        .values({
          id: randomUUID(),
          meeting_id: meeting.id,
          agenda_item_id: live.current_item_id,
          user_id: user.id,
          status: 'waiting',
          position: (last?.position ?? 0) + 1,
          requested_at: now,
          started_at: null,
          duration_seconds: live.speaker_seconds,
        })
        .execute();
      await audit(trx, user, 'live.speakerRequested', meeting.id, { userId: user.id, agendaItemId: live.current_item_id }, now);
      break;
    }
    case 'speaker.withdraw': {
      const r = await trx
        .updateTable('speaker_requests')
        .set({ status: 'withdrawn' })
        .where('meeting_id', '=', meeting.id)
        .where('user_id', '=', user.id)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) await audit(trx, user, 'live.speakerWithdrawn', meeting.id, { userId: user.id }, now);
      break;
    }
    case 'speaker.grant': {
      const r = await trx.selectFrom('speaker_requests').selectAll().where('id', '=', cmd.requestId).where('meeting_id', '=', meeting.id).executeTakeFirst();
      if (!r || (r.status !== 'waiting' && r.status !== 'speaking')) throw new AppError('not_found', 'no such request to speak');
      await finishSpeaking();
      await trx
        .updateTable('speaker_requests')
        .set({ status: 'speaking', started_at: now, duration_seconds: cmd.durationSeconds ?? r.duration_seconds })
        .where('id', '=', r.id)
        .execute();
      await audit(trx, user, 'live.speakerGranted', meeting.id, { userId: r.user_id, durationSeconds: cmd.durationSeconds ?? r.duration_seconds }, now);
      break;
    }
    case 'speaker.finish': {
      // The chair ends anyone's turn; a speaker may end his own.
      const speaking = await trx.selectFrom('speaker_requests').selectAll().where('meeting_id', '=', meeting.id).where('status', '=', 'speaking').executeTakeFirst();
      if (speaking && !chair && speaking.user_id !== user.id) throw new AppError('forbidden', 'only the chair ends another speaker');
      await finishSpeaking();
      if (speaking) await audit(trx, user, 'live.speakerFinished', meeting.id, { userId: speaking.user_id }, now);
      break;
    }
    case 'speaker.remove': {
      const r = await trx
        .updateTable('speaker_requests')
        .set({ status: 'removed' })
        .where('id', '=', cmd.requestId)
        .where('meeting_id', '=', meeting.id)
        .where('status', 'in', ['waiting', 'speaking'])
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'no such request to speak');
      await audit(trx, user, 'live.speakerRemoved', meeting.id, { requestId: cmd.requestId }, now);
      break;
    }
    case 'speaker.move': {
      const q = await queue();
      const from = q.findIndex((s) => s.id === cmd.requestId);
      if (from < 0) throw new AppError('not_found', 'no such request to speak');
      const [moved] = q.splice(from, 1);
      q.splice(Math.min(cmd.toIndex, q.length), 0, moved);
      for (const [i, s] of q.entries()) await trx.updateTable('speaker_requests').set({ position: i + 1 }).where('id', '=', s.id).execute();
      await audit(trx, user, 'live.speakerMoved', meeting.id, { userId: moved.user_id, position: Math.min(cmd.toIndex, q.length - 1) + 1 }, now);
      break;
    }
    case 'speaker.setDefault':
      await trx.updateTable('live_meetings').set({ speaker_seconds: cmd.seconds }).where('meeting_id', '=', meeting.id).execute();
      await audit(trx, user, 'live.speakerTime', meeting.id, { seconds: cmd.seconds }, now);
      break;
    case 'vote.open':
      out.openedVoteId = await openVote(trx, user, meeting, live.current_item_id, cmd.vote, now);
      break;
    case 'vote.close': {
      const v = await trx.selectFrom('votes').select(['meeting_id', 'status']).where('id', '=', cmd.voteId).executeTakeFirst();
      if (!v || v.meeting_id !== meeting.id) throw new AppError('not_found', 'vote not found');
      if (v.status !== 'open') throw new AppError('vote_closed', 'the vote is already closed');
      await closeVote(trx, cmd.voteId, user.id, now);
      out.closedVoteId = cmd.voteId;
      break;
    }
  }
  await bumpRevision(trx, meeting.id, now);
  return out;
}

export async function bumpRevision(trx: Db, meetingId: string, now: string): Promise<void> {
  await ensureLiveRow(trx, meetingId, now);
  await trx
    .updateTable('live_meetings')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
    .where('meeting_id', '=', meetingId)
    .execute();
}
