/**
 * The checks run before a mutation's handler, in this order (server/mutators/run.ts):
 * 1. the caller's role may send this kind at all;
 * 2. a closed (archived) meeting is read-only;
 * 3. a save based on a revision that is no longer current never overwrites.
 */
import { AppError } from '../../shared/errors';
import type { MeetingRow } from '../db/schema';
import { maySend } from '../../shared/mutators';
import type { CurrentRow, MutationCtx, MutationKind } from './types';

/**
 * The one place a mutation kind's role is checked, by the kind's shared declaration; `signedIn`
 * kinds then apply their finer, row-level rule (his own row, the chair, the current signer).
 */
export function requireRole(ctx: MutationCtx, kind: MutationKind): void {
  if (!maySend(kind, ctx.viewer.role)) throw new AppError('forbidden', 'only the secretariat may do this');
}

/** The meeting a mutation targets, if it exists (of any organisation: the handler answers not_found). */
export async function targetMeeting(ctx: MutationCtx, meetingId: string | null): Promise<MeetingRow | undefined> {
  if (!meetingId) return undefined;
  return ctx.trx.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
}

export function refuseClosedMeeting(ctx: MutationCtx, meeting: MeetingRow | undefined): void {
  if (meeting && meeting.org_id === ctx.viewer.orgId && meeting.status === 'closed')
    throw new AppError('meeting_closed', 'the meeting is closed and archived', { meetingId: meeting.id });
}

/** A stale save never overwrites: the caller gets the row as it is now and chooses. */
export function refuseStaleRevision(baseRevision: number | undefined, cur: CurrentRow | null): void {
  if (baseRevision === undefined || !cur || cur.revision === baseRevision) return;
  throw new AppError('conflict', 'somebody else changed this since you loaded it', {
    entity: cur.entity,
    id: cur.id,
    baseRevision,
    currentRevision: cur.revision,
    current: cur.current,
  });
}

/** The meeting of an existing row, for mutations that name only the row (deletes, attendance). */
export async function meetingOfRow(ctx: MutationCtx, table: 'agenda_items' | 'participants' | 'documents' | 'tasks', id: string): Promise<string | null> {
  return (await ctx.trx.selectFrom(table).select('meeting_id').where('id', '=', id).executeTakeFirst())?.meeting_id ?? null;
}
