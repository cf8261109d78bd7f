/**
 * participant.upsert / participant.delete (secretariat): who takes part in a meeting;
 * participant.setAttendance (the secretariat for anyone; a member on his own row only; the
 * chair of the meeting may record a member's deputy, which is how he approves one):
 * attendance and delegation. Who may be a voting deputy is a decision rule.
 */
import { rolesIn } from '../organisations/membership';
import { AppError } from '../../shared/errors';
import { nextParticipant } from '../../shared/mutators/participants';
import { isSecretariat } from '../../shared/rules/meetings';
import { mayBeDeputy } from '../../shared/rules/voting';
import { mayRecordOwnAttendance } from '../../shared/rules/meeting-roles';
import type { ParticipantRole } from '../../shared/entities';
import { canChair } from '../live-meeting/roll';
import { loadDecisionRules } from '../rules/decision-rules';
import type { ParticipantRow } from '../db/schema';
import { canSeeMeetingId, scopeOf } from '../sync/access';
import { toParticipant } from '../sync/rows';
import { audit, meetingOfOrg, requireOrgUser } from './lookups';
import type { CurrentRow, MeetingChangeNote, MutationArgs, MutationCtx } from './types';

type UpsertArgs = MutationArgs<'participant.upsert'>;

export async function currentParticipant(ctx: MutationCtx, id: string): Promise<CurrentRow | null> {
  const r = await ctx.trx.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { entity: 'participant', id: r.id, revision: r.revision, current: toParticipant(r) } : null;
}

/** The columns a save sets besides the role: what the arguments say, the rest kept. */
/** Delegation and revision after a save, from the shared definition the offline overlay also follows. */
export function nextParticipantExtras(before: ParticipantRow | undefined, a: UpsertArgs) {
  const p = nextParticipant(before ? toParticipant(before) : null, a);
  return { delegate_name: p.delegateName, delegate_user_id: p.delegateUserId, revision: p.revision };
}

export async function upsertParticipant(ctx: MutationCtx, a: UpsertArgs): Promise<void> {
  const meeting = await meetingOfOrg(ctx, a.meetingId);
  const person = await requireOrgUser(ctx, a.userId, 'userId');
  const before = await ctx.trx.selectFrom('participants').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && (before.meeting_id !== a.meetingId || before.user_id !== a.userId))
    throw new AppError('validation_failed', 'a participant row cannot change meeting or person; delete and add instead');
  const twin = await ctx.trx.selectFrom('participants').select('id').where('meeting_id', '=', a.meetingId).where('user_id', '=', a.userId).executeTakeFirst();
  if (twin && twin.id !== a.id) throw new AppError('conflict', 'this person already participates in the meeting', { existingId: twin.id });
  const extra = nextParticipantExtras(before, a);
  if (extra.delegate_user_id) {
    await requireOrgUser(ctx, extra.delegate_user_id, 'delegateUserId');
    // The secretariat records deputies on the chair's approval.
    if (extra.delegate_user_id !== before?.delegate_user_id) await requireDeputyAllowed(ctx, a.meetingId, a.userId, extra.delegate_user_id, true);
  }
  const row = { id: a.id, meeting_id: a.meetingId, user_id: a.userId, role: a.role, ...extra };
  if (before) await ctx.trx.updateTable('participants').set({ role: a.role, ...extra }).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('participants').values(row).execute();
  await ctx.rec.log('participant', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  // A guest receives only the people of his meetings: a newcomer's profile is news to him.
  if (!before) await ctx.rec.log('user', a.userId, 'upsert', scopeOf.meeting(a.meetingId));
  if (!before && meeting.status !== 'draft' && !isSecretariat(person.role as 'member')) {
    // The newcomer's cursor may be past the meeting's history: hand it to him privately.
    await ctx.rec.relogMeeting(a.meetingId, scopeOf.user(a.userId));
  }
  await audit(ctx, 'participant.upsert', 'participant', a.id, before ? toParticipant(before) : undefined, toParticipant(row));
}

/** Who may be a voting deputy is the organisation's decision rule (`delegation.deputies`). */
async function requireDeputyAllowed(ctx: MutationCtx, meetingId: string, memberId: string, deputyId: string, approvedByChair: boolean): Promise<void> {
  const rules = await loadDecisionRules(ctx.trx, ctx.viewer.orgId);
  const seat = await ctx.trx.selectFrom('participants').select('role').where('meeting_id', '=', meetingId).where('user_id', '=', deputyId).executeTakeFirst();
  const ok = mayBeDeputy(rules, { self: deputyId === memberId, deputyVotesInMeeting: seat?.role === 'chair' || seat?.role === 'member', approvedByChair });
  if (!ok) throw new AppError('deputy_not_allowed', 'this person may not be named voting deputy under the decision rules', { field: 'delegateUserId', rule: rules.delegation.deputies });
}

export async function deleteParticipant(ctx: MutationCtx, a: MutationArgs<'participant.delete'>): Promise<void> {
  const before = await ctx.trx.selectFrom('participants').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'participant not found');
  await meetingOfOrg(ctx, before.meeting_id);
  await ctx.trx.deleteFrom('participants').where('id', '=', a.id).execute();
  await ctx.rec.log('participant', a.id, 'delete', scopeOf.meeting(before.meeting_id));
  // The removed person learns privately that the meeting left his view (delete unless he still may see it).
  await ctx.rec.log('meeting', before.meeting_id, 'delete', scopeOf.user(before.user_id));
  await audit(ctx, 'participant.delete', 'participant', a.id, toParticipant(before), undefined);
}

export async function setAttendance(ctx: MutationCtx, a: MutationArgs<'participant.setAttendance'>): Promise<void> {
  const before = await ctx.trx.selectFrom('participants').selectAll().where('id', '=', a.participantId).executeTakeFirst();
  // Same answer for "missing" and "not yours to see".
  if (!before || !(await canSeeMeetingId(ctx.trx, ctx.viewer, before.meeting_id))) throw new AppError('not_found', 'participant not found');
  const delegating = a.delegateName !== undefined || a.delegateUserId !== undefined;
  const meetingRow = await meetingOfOrg(ctx, before.meeting_id);
  // The chair of the meeting approves a deputy by recording the delegation himself.
  const chairs = await canChair(ctx.trx, ctx.user, meetingRow);
  if (!isSecretariat(ctx.viewer.role)) {
    if (before.user_id !== ctx.user.id && !(chairs && delegating)) throw new AppError('forbidden', 'members may only check themselves in');
    // Guests' and the meeting secretary's attendance is the secretariat's record.
    if (!mayRecordOwnAttendance(before.role as ParticipantRole)) throw new AppError('forbidden', 'only the chair and members record their own attendance');
    // A member checks himself in, or names (absent) / withdraws (unknown) his own deputy; other
    // absences are recorded by the secretariat.
    const allowed = delegating ? a.attendance !== 'present' : a.attendance === 'present';
    if (!allowed) throw new AppError('forbidden', 'members may only check themselves in or name their deputy');
    if (meetingRow.status === 'draft') throw new AppError('not_found', 'participant not found');
  }
  const delegateUserId = a.delegateUserId !== undefined ? a.delegateUserId : before.delegate_user_id;
  if (delegateUserId && a.delegateUserId !== undefined) {
    if (delegateUserId === before.user_id) throw new AppError('validation_failed', 'a participant cannot be his own deputy', { field: 'delegateUserId' });
    if (!(await rolesIn(ctx.trx, ctx.viewer.orgId, [delegateUserId])).has(delegateUserId)) throw new AppError('validation_failed', 'the deputy is not a user of this organization', { field: 'delegateUserId' });
    await requireDeputyAllowed(ctx, before.meeting_id, before.user_id, delegateUserId, chairs);
  } else if (!delegateUserId && a.delegateName?.trim() && !isSecretariat(ctx.viewer.role)) {
    // A deputy named only in words has no seat in the meeting: the chair must approve him.
    const rules = await loadDecisionRules(ctx.trx, ctx.viewer.orgId);
    if (!mayBeDeputy(rules, { self: false, deputyVotesInMeeting: false, approvedByChair: chairs }))
      throw new AppError('deputy_not_allowed', 'this person may not be named voting deputy under the decision rules', { field: 'delegateName', rule: rules.delegation.deputies });
  }
  const row = {
    attendance: a.attendance,
    checked_in_at: a.attendance === 'present' ? (before.attendance === 'present' ? before.checked_in_at : ctx.now) : null,
    checked_in_by: a.attendance === 'unknown' ? null : ctx.user.id,
    delegate_name: a.delegateName ?? before.delegate_name,
    delegate_user_id: delegateUserId,
    revision: before.revision + 1,
  };
  await ctx.trx.updateTable('participants').set(row).where('id', '=', before.id).execute();
  await ctx.rec.log('participant', before.id, 'upsert', scopeOf.meeting(before.meeting_id));
  await audit(ctx, 'participant.setAttendance', 'participant', before.id, toParticipant(before), toParticipant({ ...before, ...row }));
}

export async function describeParticipantUpsert(ctx: MutationCtx, a: UpsertArgs): Promise<MeetingChangeNote | undefined> {
  const before = await ctx.trx.selectFrom('participants').select('id').where('id', '=', a.id).executeTakeFirst();
  if (before) return undefined;
  const u = await ctx.trx.selectFrom('users').select('full_name').where('id', '=', a.userId).executeTakeFirst();
  return { kind: 'participant.added', subject: u?.full_name ?? '' };
}

export async function describeParticipantDelete(ctx: MutationCtx, a: MutationArgs<'participant.delete'>): Promise<MeetingChangeNote | undefined> {
  const p = await ctx.trx
    .selectFrom('participants')
    .innerJoin('users', 'users.id', 'participants.user_id')
    .select('users.full_name')
    .where('participants.id', '=', a.id)
    .executeTakeFirst();
  return p ? { kind: 'participant.removed', subject: p.full_name } : undefined;
}
