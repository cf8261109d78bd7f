/**
 * Secretariat mutations (issue 3), run by server/sync/push.ts inside each mutation's
 * transaction:
 * - `beforeMutation`: closed meetings are read-only, stale saves (baseRevision) are refused
 *   with `conflict` and the current row, publishing needs a chair and participants, and what
 *   a change to a published meeting is gets noted;
 * - `applySecretariatMutation`: the mutations this module owns (publish, close, attendance,
 *   minutes, tasks, notices);
 * - `afterMutation`: "what changed" entries, confidential reader lists, version ids, the
 *   effects of publishing.
 */
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import type { MeetingChangeKind } from '../../shared/secretariat';
import { registerBlob } from '../blobs/store';
import type { MeetingRow } from '../db/schema';
import { renderInvitationPdf } from '../pdf/invitation';
import { noVoteResults, renderMinutesPdf, type MinutesVoteSection } from '../pdf/minutes';
import { canSeeMeetingId, scopeOf } from '../sync/access';
import { toAgendaItem, toDocument, toMeeting, toOrganization, toParticipant, toUserProfile } from '../sync/rows';
import { readersOf } from './document-access';
import { toMinutes, toTask } from './rows';
import { recordAudit } from '../audit/record-audit';
import type { MutationArgs as Args, MutationCtx } from '../sync/mutation-context';

/** What push.ts hands over: the same transaction, caller and change recorder. */
export interface SecretariatCtx extends MutationCtx {
  /** Vote results for the minutes (issue 6 plugs in here). */
  voteResults?: MinutesVoteSection;
}

export interface MutationNote {
  meetingId: string | null;
  change?: { kind: MeetingChangeKind; subject: string };
  /** An existing draft becomes visible through meeting.upsert. */
  publishes?: boolean;
}


function requireSecretariat(ctx: SecretariatCtx): void {
  if (!isSecretariat(ctx.viewer.role)) throw new AppError('forbidden', 'only the secretariat may change meetings');
}

async function audit(ctx: SecretariatCtx, action: string, entity: string, entityId: string, before: unknown, after: unknown): Promise<void> {
  await recordAudit(ctx.trx, { userId: ctx.user.id, action, entity, entityId, before, after, at: ctx.now });
}

async function meetingRow(ctx: SecretariatCtx, id: string): Promise<MeetingRow> {
  const m = await ctx.trx.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m || m.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'meeting not found', { entity: 'meeting', id });
  return m;
}

// ---- before ---------------------------------------------------------------------------------

/** The meeting a mutation writes to (null: none, e.g. a private "viewed" mark). */
async function targetMeetingId(ctx: SecretariatCtx, m: Mutation): Promise<string | null> {
  const of = async (table: 'agenda_items' | 'participants' | 'documents' | 'tasks', id: string) =>
    (await ctx.trx.selectFrom(table).select('meeting_id').where('id', '=', id).executeTakeFirst())?.meeting_id ?? null;
  switch (m.kind) {
    case 'meeting.upsert':
      return m.args.id;
    case 'meeting.publish':
    case 'meeting.start':
    case 'meeting.close':
    case 'minutes.exportPdf':
      return m.args.meetingId;
    case 'agendaItem.upsert':
    case 'participant.upsert':
    case 'document.upsert':
    case 'minutes.save':
    case 'task.upsert':
      return m.args.meetingId;
    case 'agendaItem.delete':
      return of('agenda_items', m.args.id);
    case 'participant.delete':
      return of('participants', m.args.id);
    case 'document.delete':
      return of('documents', m.args.id);
    case 'task.delete':
      return of('tasks', m.args.id);
    case 'participant.setAttendance':
      return of('participants', m.args.participantId);
    default:
      return null;
  }
}

/** Current revision and entity of the row a save is based on, for the conflict check. */
async function currentOf(ctx: SecretariatCtx, m: Mutation): Promise<{ entity: string; id: string; revision: number; current: unknown } | null> {
  const t = ctx.trx;
  switch (m.kind) {
    case 'meeting.upsert':
    case 'meeting.publish':
    case 'meeting.start':
    case 'meeting.close': {
      const id = m.kind === 'meeting.upsert' ? m.args.id : m.args.meetingId;
      const r = await t.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? { entity: 'meeting', id, revision: r.revision, current: toMeeting(r) } : null;
    }
    case 'agendaItem.upsert': {
      const r = await t.selectFrom('agenda_items').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      return r ? { entity: 'agendaItem', id: r.id, revision: r.revision, current: toAgendaItem(r) } : null;
    }
    case 'participant.upsert': {
      const r = await t.selectFrom('participants').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      return r ? { entity: 'participant', id: r.id, revision: r.revision, current: toParticipant(r) } : null;
    }
    case 'document.upsert': {
      const r = await t.selectFrom('documents').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      if (!r) return null;
      const readers = await readersOf(t, [r]);
      return { entity: 'document', id: r.id, revision: r.revision, current: toDocument(r, readers.get(r.id) ?? []) };
    }
    case 'minutes.save': {
      // One minutes row per meeting, whoever created it first.
      const r = await t.selectFrom('minutes').selectAll().where('meeting_id', '=', m.args.meetingId).executeTakeFirst();
      return r ? { entity: 'minutes', id: r.id, revision: r.revision, current: toMinutes(r) } : null;
    }
    case 'task.upsert':
    case 'task.delete': {
      const r = await t.selectFrom('tasks').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      return r ? { entity: 'task', id: r.id, revision: r.revision, current: toTask(r) } : null;
    }
    // A delete decided on an older revision is as stale as a save: the caller sees the row now.
    case 'agendaItem.delete': {
      const r = await t.selectFrom('agenda_items').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      return r ? { entity: 'agendaItem', id: r.id, revision: r.revision, current: toAgendaItem(r) } : null;
    }
    case 'participant.delete': {
      const r = await t.selectFrom('participants').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      return r ? { entity: 'participant', id: r.id, revision: r.revision, current: toParticipant(r) } : null;
    }
    case 'document.delete': {
      const r = await t.selectFrom('documents').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      if (!r) return null;
      const readers = await readersOf(t, [r]);
      return { entity: 'document', id: r.id, revision: r.revision, current: toDocument(r, readers.get(r.id) ?? []) };
    }
    default:
      return null;
  }
}

function baseRevisionOf(m: Mutation): number | undefined {
  const a = m.args as { baseRevision?: number };
  return a.baseRevision;
}

/** Refuses publishing a meeting without a chair or without participants (both reasons in details). */
export async function assertPublishable(ctx: SecretariatCtx, meetingId: string, chairId: string | null): Promise<void> {
  const reasons: string[] = [];
  if (!chairId) reasons.push('no_chair');
  const n = await ctx.trx.selectFrom('participants').select((eb) => eb.fn.countAll().as('n')).where('meeting_id', '=', meetingId).executeTakeFirst();
  if (Number(n?.n ?? 0) === 0) reasons.push('no_participants');
  if (reasons.length) {
    throw new AppError(reasons[0] === 'no_chair' ? 'publish_no_chair' : 'publish_no_participants', `cannot publish: ${reasons.join(', ')}`, { reasons });
  }
}

export async function beforeMutation(ctx: SecretariatCtx, m: Mutation): Promise<MutationNote> {
  const meetingId = await targetMeetingId(ctx, m);
  const meeting = meetingId ? await ctx.trx.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst() : undefined;
  if (meeting && meeting.org_id === ctx.viewer.orgId && meeting.status === 'closed') {
    throw new AppError('meeting_closed', 'the meeting is closed and archived', { meetingId });
  }
  const base = baseRevisionOf(m);
  if (base !== undefined) {
    const cur = await currentOf(ctx, m);
    // A stale save never overwrites: the caller gets the row as it is now and chooses.
    if (cur && cur.revision !== base) {
      throw new AppError('conflict', 'somebody else changed this since you loaded it', {
        entity: cur.entity,
        id: cur.id,
        baseRevision: base,
        currentRevision: cur.revision,
        current: cur.current,
      });
    }
  }
  const note: MutationNote = { meetingId };
  // Every way out of draft goes through the publish rules and effects (invitations, "what
  // changed" from then on). A meeting created directly as published has no participants yet,
  // so the same rule refuses it: create the draft, add participants, then publish.
  const leavesDraft = m.kind === 'meeting.upsert' && (!meeting || meeting.status === 'draft') && m.args.status !== 'draft';
  if (leavesDraft && isSecretariat(ctx.viewer.role)) {
    await assertPublishable(ctx, m.args.id, m.args.chairId);
    note.publishes = true;
  }
  // Changes to a meeting the members already see are listed to them as "what changed" (since
  // its publication; rows written directly, e.g. an import, may have no such moment).
  if (meeting && meeting.status !== 'draft' && meeting.published_at && isSecretariat(ctx.viewer.role)) note.change = await describe(ctx, m, meeting);
  return note;
}

async function describe(ctx: SecretariatCtx, m: Mutation, meeting: MeetingRow): Promise<MutationNote['change']> {
  const t = ctx.trx;
  switch (m.kind) {
    case 'meeting.upsert': {
      const a = m.args;
      const changed =
        a.title !== meeting.title ||
        Date.parse(a.startsAt) !== Date.parse(meeting.starts_at) ||
        Date.parse(a.endsAt) !== Date.parse(meeting.ends_at) ||
        a.location !== meeting.location ||
        a.chairId !== meeting.chair_id ||
        (a.onlineLink !== undefined && a.onlineLink !== meeting.online_link);
      return changed && a.status !== 'closed' ? { kind: 'meeting.updated', subject: a.title } : undefined;
    }
    case 'agendaItem.upsert': {
      const before = await t.selectFrom('agenda_items').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      if (!before) return { kind: 'agendaItem.added', subject: m.args.title };
      const a = m.args;
      const same =
        before.title === a.title && before.planned_minutes === a.plannedMinutes && before.presenter_label === a.presenterLabel && before.presenter_id === a.presenterId;
      // A pure reorder is not worth a line in "what changed".
      return same ? undefined : { kind: 'agendaItem.updated', subject: a.title };
    }
    case 'agendaItem.delete': {
      const before = await t.selectFrom('agenda_items').select('title').where('id', '=', m.args.id).executeTakeFirst();
      return before ? { kind: 'agendaItem.removed', subject: before.title } : undefined;
    }
    case 'document.upsert': {
      const before = await t.selectFrom('documents').selectAll().where('id', '=', m.args.id).executeTakeFirst();
      const subject = m.args.classification === 'confidential' || before?.classification === 'confidential' ? '' : m.args.title;
      if (!before) return { kind: 'document.added', subject };
      return { kind: before.sha256 !== m.args.sha256 ? 'document.newVersion' : 'document.updated', subject };
    }
    case 'document.delete': {
      const before = await t.selectFrom('documents').select(['title', 'classification']).where('id', '=', m.args.id).executeTakeFirst();
      return before ? { kind: 'document.removed', subject: before.classification === 'confidential' ? '' : before.title } : undefined;
    }
    case 'participant.upsert': {
      const before = await t.selectFrom('participants').select('id').where('id', '=', m.args.id).executeTakeFirst();
      if (before) return undefined;
      const u = await t.selectFrom('users').select('full_name').where('id', '=', m.args.userId).executeTakeFirst();
      return { kind: 'participant.added', subject: u?.full_name ?? '' };
    }
    case 'participant.delete': {
      const p = await t
        .selectFrom('participants')
        .innerJoin('users', 'users.id', 'participants.user_id')
        .select('users.full_name')
        .where('participants.id', '=', m.args.id)
        .executeTakeFirst();
      return p ? { kind: 'participant.removed', subject: p.full_name } : undefined;
    }
    default:
      return undefined;
  }
}

// ---- after ----------------------------------------------------------------------------------

export async function afterMutation(ctx: SecretariatCtx, m: Mutation, note: MutationNote): Promise<void> {
  if (m.kind === 'document.upsert') {
    if (m.args.readerIds !== undefined) await setReaders(ctx, m.args.id, m.args.readerIds);
    await publishVersionIds(ctx, m.args.id, m.args.meetingId);
  }
  if (note.publishes && note.meetingId) await publishEffects(ctx, note.meetingId);
  if (note.change && note.meetingId) {
    const id = randomUUID();
    await ctx.trx
      .insertInto('meeting_changes')
      .values({ id, meeting_id: note.meetingId, change: note.change.kind, subject: note.change.subject, by_user_id: ctx.user.id, at: ctx.now })
      .execute();
    await ctx.rec.log('meetingChange', id, 'upsert', scopeOf.meeting(note.meetingId));
  }
}

async function setReaders(ctx: SecretariatCtx, documentId: string, userIds: string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length) {
    const known = await ctx.trx.selectFrom('users').select('id').where('id', 'in', unique).where('org_id', '=', ctx.viewer.orgId).execute();
    if (known.length !== unique.length) throw new AppError('validation_failed', 'a reader is not a user of this organization', { field: 'readerIds' });
  }
  const before = (await ctx.trx.selectFrom('document_readers').select('user_id').where('document_id', '=', documentId).execute()).map((r) => r.user_id).sort();
  await ctx.trx.deleteFrom('document_readers').where('document_id', '=', documentId).execute();
  for (const u of unique) await ctx.trx.insertInto('document_readers').values({ document_id: documentId, user_id: u }).execute();
  if (before.join() !== [...unique].sort().join()) await audit(ctx, 'document.setReaders', 'document', documentId, before, [...unique].sort());
}

/** Gives new version rows their UUID and sends them to clients (also used by the signing workflow). */
export async function publishVersionIds(ctx: SecretariatCtx, documentId: string, meetingId: string): Promise<void> {
  const fresh = await ctx.trx.selectFrom('document_versions').select('id').where('document_id', '=', documentId).where('uid', 'is', null).execute();
  for (const v of fresh) {
    const uid = randomUUID();
    await ctx.trx.updateTable('document_versions').set({ uid }).where('id', '=', v.id).execute();
    await ctx.rec.log('documentVersion', uid, 'upsert', scopeOf.meeting(meetingId));
  }
}

async function participantsWithUsers(ctx: SecretariatCtx, meetingId: string) {
  const rows = await ctx.trx.selectFrom('participants').selectAll().where('meeting_id', '=', meetingId).execute();
  const users = rows.length
    ? await ctx.trx.selectFrom('users').select(['id', 'org_id', 'username', 'full_name', 'title', 'role']).where('id', 'in', rows.map((r) => r.user_id)).execute()
    : [];
  const byId = new Map(users.map((u) => [u.id, toUserProfile(u)]));
  const order: Record<string, number> = { chair: 0, member: 1, guest: 2, secretary: 3 };
  return rows
    .map((r) => ({ participant: toParticipant(r), user: byId.get(r.user_id) ?? null }))
    .sort((a, b) => order[a.participant.role] - order[b.participant.role] || (a.user?.fullName ?? '').localeCompare(b.user?.fullName ?? '', 'vi'));
}

async function userProfile(ctx: SecretariatCtx, id: string | null) {
  if (!id) return null;
  const u = await ctx.trx.selectFrom('users').select(['id', 'org_id', 'username', 'full_name', 'title', 'role']).where('id', '=', id).executeTakeFirst();
  return u ? toUserProfile(u) : null;
}

async function storePdf(ctx: SecretariatCtx, bytes: Uint8Array): Promise<{ sha256: string; size: number } | null> {
  if (!ctx.blobs) return null;
  const stored = await ctx.blobs.putBytes(bytes);
  await registerBlob(ctx.trx, stored.sha256, stored.size, new Date(ctx.now));
  return stored;
}

/** Published: stamp it, generate the invitation and send every participant a notice. */
async function publishEffects(ctx: SecretariatCtx, meetingId: string): Promise<void> {
  await ctx.trx.updateTable('meetings').set({ published_at: ctx.now }).where('id', '=', meetingId).where('published_at', 'is', null).execute();
  const meeting = toMeeting(await meetingRow(ctx, meetingId));
  const participants = await participantsWithUsers(ctx, meetingId);
  const org = await ctx.trx.selectFrom('organizations').selectAll().where('id', '=', ctx.viewer.orgId).executeTakeFirstOrThrow();
  const agenda = await ctx.trx.selectFrom('agenda_items').selectAll().where('meeting_id', '=', meetingId).orderBy('position').execute();
  const pdf = await storePdf(
    ctx,
    await renderInvitationPdf({
      org: toOrganization(org),
      meeting,
      chair: await userProfile(ctx, meeting.chairId),
      participants,
      agenda: agenda.map((a) => ({ title: a.title, presenter: [a.presenter_label, a.presenter_agency].filter(Boolean).join(', ') })),
      issuer: toUserProfile(ctx.user),
      issuedAt: new Date(ctx.now),
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

// ---- mutations owned here -------------------------------------------------------------------

/** Applies the mutation when this module owns its kind; false otherwise. */
export async function applySecretariatMutation(ctx: SecretariatCtx, m: Mutation): Promise<boolean> {
  switch (m.kind) {
    case 'meeting.publish':
      requireSecretariat(ctx);
      await publish(ctx, m.args);
      return true;
    case 'meeting.start':
      await start(ctx, m.args);
      return true;
    case 'meeting.close':
      requireSecretariat(ctx);
      await close(ctx, m.args);
      return true;
    case 'participant.setAttendance':
      await setAttendance(ctx, m.args);
      return true;
    case 'minutes.save':
      requireSecretariat(ctx);
      await saveMinutes(ctx, m.args);
      return true;
    case 'minutes.exportPdf':
      requireSecretariat(ctx);
      await exportMinutesPdf(ctx, m.args.meetingId);
      return true;
    case 'task.upsert':
      requireSecretariat(ctx);
      await upsertTask(ctx, m.args);
      return true;
    case 'task.delete':
      requireSecretariat(ctx);
      await deleteTask(ctx, m.args.id);
      return true;
    case 'notice.markRead':
      await markNoticeRead(ctx, m.args.id);
      return true;
    default:
      return false;
  }
}

async function publish(ctx: SecretariatCtx, a: Args<'meeting.publish'>): Promise<void> {
  const before = await meetingRow(ctx, a.meetingId);
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
  await audit(ctx, 'meeting.publish', 'meeting', before.id, toMeeting(before), toMeeting(await meetingRow(ctx, before.id)));
}

/** Bắt đầu họp: the chair (of this meeting) or the secretariat sets a published meeting in progress. */
async function start(ctx: SecretariatCtx, a: Args<'meeting.start'>): Promise<void> {
  const before = await meetingRow(ctx, a.meetingId);
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
  await audit(ctx, 'meeting.start', 'meeting', before.id, toMeeting(before), toMeeting(await meetingRow(ctx, before.id)));
}

async function close(ctx: SecretariatCtx, a: Args<'meeting.close'>): Promise<void> {
  const before = await meetingRow(ctx, a.meetingId);
  // Closing a draft would hand it to the participants without invitation: publish it first.
  if (before.status === 'draft') throw new AppError('validation_failed', 'publish the meeting before closing it', { field: 'status' });
  await ctx.trx.updateTable('meetings').set({ status: 'closed', updated_at: ctx.now, revision: before.revision + 1 }).where('id', '=', before.id).execute();
  await ctx.rec.log('meeting', before.id, 'upsert', scopeOf.meeting(before.id));
  await audit(ctx, 'meeting.close', 'meeting', before.id, toMeeting(before), toMeeting(await meetingRow(ctx, before.id)));
}

async function setAttendance(ctx: SecretariatCtx, a: Args<'participant.setAttendance'>): Promise<void> {
  const before = await ctx.trx.selectFrom('participants').selectAll().where('id', '=', a.participantId).executeTakeFirst();
  // Same answer for "missing" and "not yours to see".
  if (!before || !(await canSeeMeetingId(ctx.trx, ctx.viewer, before.meeting_id))) throw new AppError('not_found', 'participant not found');
  const secretariat = isSecretariat(ctx.viewer.role);
  const delegating = a.delegateName !== undefined || a.delegateUserId !== undefined;
  if (!secretariat) {
    if (before.user_id !== ctx.user.id) throw new AppError('forbidden', 'members may only check themselves in');
    // A member checks himself in, or names (absent) / withdraws (unknown) his own deputy; other
    // absences are recorded by the secretariat.
    const allowed = delegating ? a.attendance !== 'present' : a.attendance === 'present';
    if (!allowed) throw new AppError('forbidden', 'members may only check themselves in or name their deputy');
    const m = await meetingRow(ctx, before.meeting_id);
    if (m.status === 'draft') throw new AppError('not_found', 'participant not found');
  }
  const delegateUserId = a.delegateUserId !== undefined ? a.delegateUserId : before.delegate_user_id;
  if (delegateUserId && a.delegateUserId !== undefined) {
    if (delegateUserId === before.user_id) throw new AppError('validation_failed', 'a participant cannot be his own deputy', { field: 'delegateUserId' });
    const u = await ctx.trx.selectFrom('users').select('org_id').where('id', '=', delegateUserId).executeTakeFirst();
    if (!u || u.org_id !== ctx.viewer.orgId) throw new AppError('validation_failed', 'the deputy is not a user of this organization', { field: 'delegateUserId' });
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

async function saveMinutes(ctx: SecretariatCtx, a: Args<'minutes.save'>): Promise<void> {
  await meetingRow(ctx, a.meetingId);
  const before = await ctx.trx.selectFrom('minutes').selectAll().where('meeting_id', '=', a.meetingId).executeTakeFirst();
  if (before && before.id !== a.id && a.baseRevision === undefined) {
    // Two secretaries started the minutes at once: the second sees the first's text and chooses.
    throw new AppError('conflict', 'the minutes were started by somebody else', { entity: 'minutes', id: before.id, currentRevision: before.revision, current: toMinutes(before) });
  }
  const id = before?.id ?? a.id;
  if (before) {
    await ctx.trx
      .updateTable('minutes')
      .set({ body: a.body, conclusions: a.conclusions, revision: before.revision + 1, updated_at: ctx.now })
      .where('id', '=', id)
      .execute();
  } else {
    await ctx.trx.insertInto('minutes').values({ id, meeting_id: a.meetingId, body: a.body, conclusions: a.conclusions, document_id: null, updated_at: ctx.now }).execute();
  }
  const after = await ctx.trx.selectFrom('minutes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await ctx.rec.log('minutes', id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'minutes.save', 'minutes', id, before ? toMinutes(before) : undefined, toMinutes(after));
}

async function exportMinutesPdf(ctx: SecretariatCtx, meetingId: string): Promise<void> {
  const meeting = toMeeting(await meetingRow(ctx, meetingId));
  const minutesRow = await ctx.trx.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  if (!minutesRow) throw new AppError('validation_failed', 'write the minutes before exporting them', { field: 'minutes' });
  const org = await ctx.trx.selectFrom('organizations').selectAll().where('id', '=', ctx.viewer.orgId).executeTakeFirstOrThrow();
  const tasks = (await ctx.trx.selectFrom('tasks').selectAll().where('meeting_id', '=', meetingId).orderBy('deadline').execute()).map(toTask);
  const bytes = await renderMinutesPdf({
    org: toOrganization(org),
    meeting,
    minutes: toMinutes(minutesRow),
    chair: await userProfile(ctx, meeting.chairId),
    secretary: toUserProfile(ctx.user),
    participants: await participantsWithUsers(ctx, meetingId),
    tasks,
    voteResults: await (ctx.voteResults ?? noVoteResults)(meetingId),
    issuedAt: new Date(meeting.startsAt),
  });
  const stored = await storePdf(ctx, bytes);
  if (!stored) throw new AppError('internal', 'no blob store to keep the PDF in');
  const existing = minutesRow.document_id
    ? await ctx.trx.selectFrom('documents').selectAll().where('id', '=', minutesRow.document_id).executeTakeFirst()
    : undefined;
  const docId = existing?.id ?? randomUUID();
  const fileName = 'bien-ban-cuoc-hop.pdf';
  if (existing && existing.sha256 === stored.sha256) return;
  const version = existing ? existing.version + 1 : 1;
  if (existing) {
    await ctx.trx
      .updateTable('documents')
      .set({ sha256: stored.sha256, size: stored.size, version, revision: existing.revision + 1, updated_at: ctx.now })
      .where('id', '=', docId)
      .execute();
  } else {
    await ctx.trx
      .insertInto('documents')
      .values({ id: docId, meeting_id: meetingId, agenda_item_id: null, title: 'Biên bản cuộc họp', file_name: fileName, sha256: stored.sha256, size: stored.size, version, classification: 'internal', updated_at: ctx.now })
      .execute();
  }
  await ctx.trx
    .insertInto('document_versions')
    .values({ document_id: docId, version, sha256: stored.sha256, size: stored.size, file_name: fileName, created_by: ctx.user.id, created_at: ctx.now })
    .execute();
  await ctx.trx.updateTable('minutes').set({ document_id: docId, updated_at: ctx.now }).where('id', '=', minutesRow.id).execute();
  await ctx.rec.log('document', docId, 'upsert', scopeOf.meeting(meetingId));
  await publishVersionIds(ctx, docId, meetingId);
  await ctx.rec.log('minutes', minutesRow.id, 'upsert', scopeOf.meeting(meetingId));
  await audit(ctx, 'minutes.exportPdf', 'document', docId, existing ? toDocument(existing) : undefined, { sha256: stored.sha256, size: stored.size, version });
}

async function upsertTask(ctx: SecretariatCtx, a: Args<'task.upsert'>): Promise<void> {
  await meetingRow(ctx, a.meetingId);
  const before = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'a task cannot move to another meeting', { field: 'meetingId' });
  const row = {
    title: a.title,
    agency: a.agency,
    assignee: a.assignee,
    deadline: a.deadline,
    expected_result: a.expectedResult,
    follower: a.follower,
    status: a.status,
    updated_at: ctx.now,
  };
  if (before) await ctx.trx.updateTable('tasks').set({ ...row, revision: before.revision + 1 }).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('tasks').values({ id: a.id, meeting_id: a.meetingId, ...row }).execute();
  const after = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
  await ctx.rec.log('task', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'task.upsert', 'task', a.id, before ? toTask(before) : undefined, toTask(after));
}

async function deleteTask(ctx: SecretariatCtx, id: string): Promise<void> {
  const before = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'task not found');
  await meetingRow(ctx, before.meeting_id);
  await ctx.trx.deleteFrom('tasks').where('id', '=', id).execute();
  await ctx.rec.log('task', id, 'delete', scopeOf.meeting(before.meeting_id));
  await audit(ctx, 'task.delete', 'task', id, toTask(before), undefined);
}

async function markNoticeRead(ctx: SecretariatCtx, id: string): Promise<void> {
  const n = await ctx.trx.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!n || n.user_id !== ctx.user.id) throw new AppError('not_found', 'notice not found');
  if (n.read_at) return;
  await ctx.trx.updateTable('notices').set({ read_at: ctx.now }).where('id', '=', id).execute();
  await ctx.rec.log('notice', id, 'upsert', scopeOf.user(ctx.user.id));
}
