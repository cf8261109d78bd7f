/**
 * Publishing a meeting (meeting.publish, or meeting.upsert out of draft): refused without a
 * chair or participants; once published it is stamped, the invitation (Giấy mời) is generated
 * and every participant gets a notice.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { publishBlockers } from '../../shared/rules/publishing';
import { renderInvitationPdf } from '../pdf/invitation';
import { assignNumber } from '../secretariat/document-register';
import { scopeOf } from '../sync/access';
import { toMeeting, toOrganization, toUserProfile } from '../sync/rows';
import { audit, meetingOfOrg, participantsWithUsers, storeBlob, userProfile } from './lookups';
import type { MutationCtx } from './types';

/** Refuses publishing a meeting without a chair or without participants (both reasons in details). */
export async function assertPublishable(ctx: MutationCtx, meetingId: string, chairId: string | null): Promise<void> {
  const n = await ctx.trx.selectFrom('participants').select((eb) => eb.fn.countAll().as('n')).where('meeting_id', '=', meetingId).executeTakeFirst();
  const reasons = publishBlockers({ chairId, participantCount: Number(n?.n ?? 0) });
  if (reasons.length) {
    throw new AppError(reasons[0] === 'no_chair' ? 'publish_no_chair' : 'publish_no_participants', `cannot publish: ${reasons.join(', ')}`, { reasons });
  }
}

/** Published: stamp it, generate the invitation and send every participant a notice. */
export async function publishEffects(ctx: MutationCtx, meetingId: string): Promise<void> {
  await ctx.trx.updateTable('meetings').set({ published_at: ctx.now }).where('id', '=', meetingId).where('published_at', 'is', null).execute();
  const meeting = toMeeting(await meetingOfOrg(ctx, meetingId));
  const participants = await participantsWithUsers(ctx, meetingId);
  const org = await ctx.trx.selectFrom('organizations').selectAll().where('id', '=', ctx.viewer.orgId).executeTakeFirstOrThrow();
  const agenda = await ctx.trx.selectFrom('agenda_items').selectAll().where('meeting_id', '=', meetingId).orderBy('position').execute();
  // Publishing issues the invitation: it takes its number in this transaction.
  const registered = await assignNumber(ctx.trx, { orgId: ctx.viewer.orgId, type: 'GM', subject: { kind: 'meeting', id: meetingId }, now: ctx.now, userId: ctx.user.id });
  const pdf = await storeBlob(
    ctx,
    await renderInvitationPdf({
      org: toOrganization(org),
      meeting,
      chair: await userProfile(ctx, meeting.chairId),
      participants,
      agenda: agenda.map((a) => ({ title: a.title, presenter: [a.presenter_label, a.presenter_agency].filter(Boolean).join(', ') })),
      issuer: toUserProfile(ctx.user),
      issuedAt: new Date(ctx.now),
      registered,
    }),
  );
  for (const { participant } of participants) {
    const id = randomUUID();
    await ctx.trx
      .insertInto('notices')
      .values({ id, user_id: participant.userId, meeting_id: meetingId, kind: 'invitation', title: meeting.title, sha256: pdf?.sha256 ?? null, size: pdf?.size ?? null, created_at: ctx.now, read_at: null })
      .execute();
    await ctx.rec.log('notice', id, 'upsert', scopeOf.user(participant.userId));
  }
  await audit(ctx, 'meeting.invitationsSent', 'meeting', meetingId, undefined, { participants: participants.length, invitationSha256: pdf?.sha256 ?? null });
}
