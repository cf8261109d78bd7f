/**
 * meeting.upsert (secretariat): creates or edits a meeting. Leaving draft this way is a
 * publication (same rules and effects as meeting.publish); going back to draft hides it from
 * the participants again.
 */
import { AppError } from '../../shared/errors';
import { nextMeeting } from '../../shared/mutators/meetings';
import { isSecretariat } from '../../shared/rules/meetings';
import type { MeetingRow } from '../db/schema';
import { scopeOf } from '../sync/access';
import { toMeeting } from '../sync/rows';
import { audit, requireOrgUser } from './lookups';
import { assertPublishable, publishEffects } from './publishing';
import type { CurrentRow, MeetingChangeNote, MutationArgs, MutationCtx } from './types';

type Args = MutationArgs<'meeting.upsert'>;

/** The meeting as it is now, for the stale-revision check of every meeting mutation. */
export async function currentMeeting(ctx: MutationCtx, id: string): Promise<CurrentRow | null> {
  const r = await ctx.trx.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { entity: 'meeting', id, revision: r.revision, current: toMeeting(r) } : null;
}

/** The row after the save: what the arguments say, the rest kept (or defaulted for a new meeting). */
/**
 * The row after a save, from the shared definition (shared/mutators/meetings.ts) that the
 * desktop's offline overlay also follows. `published_at` is the publish step's to write.
 */
export function nextMeetingRow(before: MeetingRow | undefined, a: Args, orgId: string, now: string) {
  const m = nextMeeting(before ? toMeeting(before) : null, a, orgId, now);
  return {
    id: m.id,
    org_id: m.orgId,
    title: m.title,
    starts_at: m.startsAt,
    ends_at: m.endsAt,
    location: m.location,
    status: m.status,
    chair_id: m.chairId,
    updated_at: m.updatedAt,
    kind: m.kind,
    online_link: m.onlineLink,
    host_agency: m.hostAgency,
    quorum_numerator: m.quorumNumerator,
    quorum_denominator: m.quorumDenominator,
    revision: m.revision,
  };
}

export async function upsertMeeting(ctx: MutationCtx, a: Args): Promise<void> {
  const existing = await ctx.trx.selectFrom('meetings').select(['status', 'org_id']).where('id', '=', a.id).executeTakeFirst();
  // Another organisation's meeting does not exist for the caller, whatever else is wrong with the save.
  if (existing && existing.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'meeting not found');
  // Every way out of draft goes through the publish rules and effects (invitations, "what
  // changed" from then on). A meeting created directly as published has no participants yet,
  // so the same rule refuses it: create the draft, add participants, then publish.
  const publishes = (!existing || existing.status === 'draft') && a.status !== 'draft';
  if (publishes) await assertPublishable(ctx, a.id, a.chairId);

  if (Date.parse(a.endsAt) < Date.parse(a.startsAt)) throw new AppError('validation_failed', 'meeting ends before it starts', { field: 'endsAt' });
  if (a.chairId) await requireOrgUser(ctx, a.chairId, 'chairId');
  const before = await ctx.trx.selectFrom('meetings').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'meeting not found');
  const row = nextMeetingRow(before, a, ctx.viewer.orgId, ctx.now);
  if (before) await ctx.trx.updateTable('meetings').set(row).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('meetings').values(row).execute();

  const scope = scopeOf.meeting(a.id);
  const wasDraft = !before || before.status === 'draft';
  const isDraft = a.status === 'draft';
  if (before && wasDraft && !isDraft) {
    // Published now: participants see it for the first time, whatever their cursor.
    await ctx.rec.relogMeeting(a.id, scope);
  } else {
    await ctx.rec.log('meeting', a.id, 'upsert', scope);
  }
  if (before && !wasDraft && isDraft) {
    // Back to draft: tell each non-secretariat participant, privately, that it is gone.
    const people = await ctx.trx
      .selectFrom('participants')
      .innerJoin('users', 'users.id', 'participants.user_id')
      .select(['users.id', 'users.role'])
      .where('participants.meeting_id', '=', a.id)
      .execute();
    for (const p of people) if (!isSecretariat(p.role as 'member')) await ctx.rec.log('meeting', a.id, 'delete', scopeOf.user(p.id));
  }
  await audit(ctx, 'meeting.upsert', 'meeting', a.id, before ? toMeeting(before) : undefined, toMeeting(row));
  if (publishes) await publishEffects(ctx, a.id);
}

/** Only edits members would notice are listed; closing is not an edit. */
export async function describeMeetingUpsert(_ctx: MutationCtx, a: Args, meeting: MeetingRow): Promise<MeetingChangeNote | undefined> {
  const changed =
    a.title !== meeting.title ||
    Date.parse(a.startsAt) !== Date.parse(meeting.starts_at) ||
    Date.parse(a.endsAt) !== Date.parse(meeting.ends_at) ||
    a.location !== meeting.location ||
    a.chairId !== meeting.chair_id ||
    (a.onlineLink !== undefined && a.onlineLink !== meeting.online_link);
  return changed && a.status !== 'closed' ? { kind: 'meeting.updated', subject: a.title } : undefined;
}
