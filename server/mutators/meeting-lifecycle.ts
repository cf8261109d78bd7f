/**
 * A meeting's life after preparation: meeting.publish (secretariat), meeting.start (the chair
 * of this meeting or the secretariat: Bắt đầu họp), meeting.close (secretariat: archived,
 * read-only from then on).
 */
import { AppError } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import { canSeeMeetingId, scopeOf } from '../sync/access';
import { toMeeting } from '../sync/rows';
import { audit, meetingOfOrg } from './lookups';
import { assertPublishable, publishEffects } from './publishing';
import type { MutationArgs, MutationCtx } from './types';

export async function publishMeeting(ctx: MutationCtx, a: MutationArgs<'meeting.publish'>): Promise<void> {
  const before = await meetingOfOrg(ctx, a.meetingId);
  if (before.status !== 'draft') throw new AppError('validation_failed', 'the meeting is already published', { field: 'status' });
  await assertPublishable(ctx, before.id, before.chair_id);
  await ctx.trx
    .updateTable('meetings')
    .set({ status: 'published', updated_at: ctx.now, revision: before.revision + 1 })
    .where('id', '=', before.id)
    .execute();
  // Participants see it for the first time, whatever their cursor.
  await ctx.rec.relogMeeting(before.id, scopeOf.meeting(before.id));
  await publishEffects(ctx, before.id);
  await audit(ctx, 'meeting.publish', 'meeting', before.id, toMeeting(before), toMeeting(await meetingOfOrg(ctx, before.id)));
}

/** Bắt đầu họp: the chair (of this meeting) or the secretariat sets a published meeting in progress. */
export async function startMeeting(ctx: MutationCtx, a: MutationArgs<'meeting.start'>): Promise<void> {
  const before = await meetingOfOrg(ctx, a.meetingId);
  if (!isSecretariat(ctx.viewer.role)) {
    // Same answer for "missing" and "not yours to see".
    if (!(await canSeeMeetingId(ctx.trx, ctx.viewer, before.id))) throw new AppError('not_found', 'meeting not found');
    const chairs = await ctx.trx.selectFrom('participants').select('id').where('meeting_id', '=', before.id).where('user_id', '=', ctx.user.id).where('role', '=', 'chair').executeTakeFirst();
    if (before.chair_id !== ctx.user.id && !chairs) throw new AppError('forbidden', 'only the chair or the secretariat may start the meeting');
  }
  if (before.status === 'in_progress') return;
  if (before.status !== 'published') throw new AppError('validation_failed', 'only a published meeting can start', { field: 'status' });
  await ctx.trx.updateTable('meetings').set({ status: 'in_progress', updated_at: ctx.now, revision: before.revision + 1 }).where('id', '=', before.id).execute();
  await ctx.rec.log('meeting', before.id, 'upsert', scopeOf.meeting(before.id));
  await audit(ctx, 'meeting.start', 'meeting', before.id, toMeeting(before), toMeeting(await meetingOfOrg(ctx, before.id)));
}

export async function closeMeeting(ctx: MutationCtx, a: MutationArgs<'meeting.close'>): Promise<void> {
  const before = await meetingOfOrg(ctx, a.meetingId);
  // Closing a draft would hand it to the participants without invitation: publish it first.
  if (before.status === 'draft') throw new AppError('validation_failed', 'publish the meeting before closing it', { field: 'status' });
  await ctx.trx.updateTable('meetings').set({ status: 'closed', updated_at: ctx.now, revision: before.revision + 1 }).where('id', '=', before.id).execute();
  await ctx.rec.log('meeting', before.id, 'upsert', scopeOf.meeting(before.id));
  await audit(ctx, 'meeting.close', 'meeting', before.id, toMeeting(before), toMeeting(await meetingOfOrg(ctx, before.id)));
}
