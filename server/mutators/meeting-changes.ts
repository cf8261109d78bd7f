/**
 * "What changed" (meeting_changes): once a meeting is published, each change the secretariat
 * makes to it is listed to its participants. A mutator opts in with `change`, which describes
 * the change from the rows as they are before the write; the line is recorded after it.
 */
import { randomUUID } from 'node:crypto';
import { isSecretariat } from '../../shared/rules/meetings';
import type { MeetingRow } from '../db/schema';
import { scopeOf } from '../sync/access';
import type { MeetingChangeNote, MutationCtx } from './types';

/**
 * Whether changes to this meeting are listed: members already see it (since its publication;
 * rows written directly, e.g. an import, may have no such moment).
 */
export function listsChanges(ctx: MutationCtx, meeting: MeetingRow | undefined): meeting is MeetingRow {
  return meeting !== undefined && meeting.status !== 'draft' && Boolean(meeting.published_at) && isSecretariat(ctx.viewer.role);
}

export async function recordMeetingChange(ctx: MutationCtx, meetingId: string, change: MeetingChangeNote): Promise<void> {
  const id = randomUUID();
  await ctx.trx
    .insertInto('meeting_changes')
    .values({ id, meeting_id: meetingId, change: change.kind, subject: change.subject, by_user_id: ctx.user.id, at: ctx.now })
    .execute();
  await ctx.rec.log('meetingChange', id, 'upsert', scopeOf.meeting(meetingId));
}
