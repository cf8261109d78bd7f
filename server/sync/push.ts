/**
 * Push: applies client mutations, each in its own transaction and at most once per id.
 * Every applied mutation appends change-log rows (with the scope that decides who sees
 * them) and audit rows.
 */
import { randomUUID } from 'node:crypto';
import type { Mutation, MutationResult } from '../../shared/api';
import { AppError, isAppError } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { messageFor } from '../http-errors';
import type { Locale } from '../../shared/i18n';
import { canSeeMeetingId, scopeOf, viewerOf } from './access';
import { ChangeRecorder, type LoggedChange } from './changelog';
import { toAgendaItem, toDocument, toDocumentView, toMeeting, toParticipant } from './rows';
import type { BlobStore } from '../blobs/store';
import { afterMutation, applySecretariatMutation, beforeMutation } from '../secretariat/mutations';
import { applyAnnotationMutation } from '../annotations/mutations';
import type { MinutesVoteSection } from '../pdf/minutes';
import { minutesVoteParagraphs } from '../live-meeting/vote-pdf';
import { applySigningMutation } from '../signing-workflow/mutations';
import { applyWrittenOpinionMutation } from '../written-opinions/mutations';
import { recordAudit } from '../audit/record-audit';
import type { MutationArgs as Args, MutationCtx } from './mutation-context';

interface Ctx extends MutationCtx {
  mutationId: string;
  /** Vote results for the minutes (issue 6): server/live-meeting/vote-pdf.ts. */
  voteResults?: MinutesVoteSection;
}

export interface PushOutcome {
  results: MutationResult[];
  /** Change-log rows committed by this push, for live pokes. */
  logged: LoggedChange[];
}

export async function push(
  db: Db,
  user: UserRow,
  mutations: Mutation[],
  now: () => Date,
  locale: Locale,
  onInternalError: (e: unknown) => void = () => {},
  extras: { blobs?: BlobStore } = {},
): Promise<PushOutcome> {
  const results: MutationResult[] = [];
  const logged: LoggedChange[] = [];
  for (const m of mutations) {
    const r = await applyOnce(db, user, m, now().toISOString(), locale, onInternalError, extras);
    results.push(r.result);
    logged.push(...r.logged);
  }
  return { results, logged };
}

async function applyOnce(
  db: Db,
  user: UserRow,
  m: Mutation,
  now: string,
  locale: Locale,
  onInternalError: (e: unknown) => void,
  extras: { blobs?: BlobStore },
): Promise<{ result: MutationResult; logged: LoggedChange[] }> {
  const rejected = (e: AppError): MutationResult => ({
    id: m.id,
    status: 'rejected',
    duplicate: false,
    // details: e.g. the current row of a `conflict`, the reasons a publish was refused.
    error: { code: e.code, message: messageFor(locale, e.code, e.details), ...(e.details ? { details: e.details } : {}) },
  });
  type Answer = { result: MutationResult; logged: LoggedChange[] };
  /** The stored first answer, or a refusal when the id belongs to somebody else. */
  const earlier = async (trx: Db): Promise<Answer | undefined> => {
    const seen = await trx.selectFrom('applied_mutations').select(['user_id', 'result_json']).where('id', '=', m.id).executeTakeFirst();
    if (!seen) return undefined;
    // Somebody else's id: never reveal or replay another user's answer.
    if (seen.user_id !== user.id) return { result: rejected(new AppError('conflict', 'mutation id used by another user')), logged: [] };
    return { result: { ...(JSON.parse(seen.result_json) as MutationResult), duplicate: true }, logged: [] };
  };
  const remember = (trx: Db, result: MutationResult) =>
    trx.insertInto('applied_mutations').values({ id: m.id, user_id: user.id, kind: m.kind, result_json: JSON.stringify(result), created_at: now }).execute();

  try {
    return await db.transaction().execute(async (trx): Promise<Answer> => {
      const seen = await earlier(trx);
      if (seen) return seen;
      const rec = new ChangeRecorder(trx, now);
      await apply({ trx, user, viewer: viewerOf(user), now, rec, mutationId: m.id, blobs: extras.blobs, voteResults: (id) => minutesVoteParagraphs(trx, id) }, m);
      const result: MutationResult = { id: m.id, status: 'applied', duplicate: false };
      await remember(trx, result);
      return { result, logged: rec.logged };
    });
  } catch (e) {
    if (!isAppError(e)) {
      // Unexpected failure: rolled back and not remembered, so a resend may retry.
      onInternalError(e);
      return { result: rejected(new AppError('internal', 'mutation failed')), logged: [] };
    }
    // The mutation's writes were rolled back; remember the refusal as the first answer.
    return db.transaction().execute(async (trx): Promise<Answer> => {
      const seen = await earlier(trx);
      if (seen) return seen;
      const result = rejected(e);
      await remember(trx, result);
      return { result, logged: [] };
    });
  }
}

function requireSecretariat(ctx: Ctx): void {
  if (!isSecretariat(ctx.viewer.role)) throw new AppError('forbidden', 'only the secretariat may change meetings');
}

async function audit(ctx: Ctx, entity: string, entityId: string, before: unknown, after: unknown, action: string): Promise<void> {
  await recordAudit(ctx.trx, { userId: ctx.user.id, action, entity, entityId, before, after, at: ctx.now });
}

async function meetingOfOrg(ctx: Ctx, meetingId: string) {
  const m = await ctx.trx.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
  if (!m || m.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'meeting not found', { entity: 'meeting', id: meetingId });
  return m;
}

async function requireOrgUser(ctx: Ctx, userId: string, what: string): Promise<UserRow> {
  const u = await ctx.trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u || u.org_id !== ctx.viewer.orgId) throw new AppError('validation_failed', `${what} is not a user of this organization`, { field: what });
  return u;
}

/**
 * Applies one mutation inside the caller's transaction; an AppError rolls it all back. The
 * secretariat hooks (issue 3) guard closed meetings and stale revisions first, and record
 * "what changed" and publishing effects after.
 */
async function apply(ctx: Ctx, m: Mutation): Promise<void> {
  const note = await beforeMutation(ctx, m);
  // Issue 4 part 2 (annotations, presentation): server/annotations/mutations.ts.
  // Issue 5 part 2 (signing workflow): server/signing-workflow/mutations.ts.
  // Issue 6 part 3 (written opinions): server/written-opinions/mutations.ts.
  if (await applyWrittenOpinionMutation(ctx, m)) return afterMutation(ctx, m, note);
  if (!(await applyAnnotationMutation(ctx, m)) && !(await applySigningMutation(ctx, m)) && !(await applySecretariatMutation(ctx, m))) await applyFoundation(ctx, m);
  await afterMutation(ctx, m, note);
}

async function applyFoundation(ctx: Ctx, m: Mutation): Promise<void> {
  switch (m.kind) {
    case 'document.markViewed':
      return markViewed(ctx, m.args);
    case 'meeting.upsert':
      requireSecretariat(ctx);
      return upsertMeeting(ctx, m.args);
    case 'agendaItem.upsert':
      requireSecretariat(ctx);
      return upsertAgendaItem(ctx, m.args);
    case 'agendaItem.delete':
      requireSecretariat(ctx);
      return deleteAgendaItem(ctx, m.args.id);
    case 'participant.upsert':
      requireSecretariat(ctx);
      return upsertParticipant(ctx, m.args);
    case 'participant.delete':
      requireSecretariat(ctx);
      return deleteParticipant(ctx, m.args.id);
    case 'document.upsert':
      requireSecretariat(ctx);
      return upsertDocument(ctx, m.args);
    case 'document.delete':
      requireSecretariat(ctx);
      return deleteDocument(ctx, m.args.id);
  }
}


async function markViewed(ctx: Ctx, a: Args<'document.markViewed'>): Promise<void> {
  const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.documentId).executeTakeFirst();
  // Same answer for "missing" and "not yours": existence is not revealed.
  if (!doc || !(await canSeeMeetingId(ctx.trx, ctx.viewer, doc.meeting_id))) throw new AppError('not_found', 'document not found');
  if (a.version > doc.version) throw new AppError('validation_failed', 'no such document version', { version: a.version });
  const existing = await ctx.trx
    .selectFrom('document_views')
    .selectAll()
    .where('user_id', '=', ctx.user.id)
    .where('document_id', '=', doc.id)
    .where('version', '=', a.version)
    .executeTakeFirst();
  let id: string;
  if (existing) {
    id = existing.id;
    await ctx.trx.updateTable('document_views').set({ viewed_at: ctx.now }).where('id', '=', id).execute();
  } else {
    id = randomUUID();
    await ctx.trx
      .insertInto('document_views')
      .values({ id, user_id: ctx.user.id, document_id: doc.id, version: a.version, viewed_at: ctx.now })
      .execute();
  }
  const after = toDocumentView({ id, user_id: ctx.user.id, document_id: doc.id, version: a.version, viewed_at: ctx.now });
  await ctx.rec.log('documentView', id, 'upsert', scopeOf.user(ctx.user.id));
  await audit(ctx, 'documentView', id, existing ? toDocumentView(existing) : undefined, after, 'document.markViewed');
}

async function upsertMeeting(ctx: Ctx, a: Args<'meeting.upsert'>): Promise<void> {
  if (Date.parse(a.endsAt) < Date.parse(a.startsAt)) throw new AppError('validation_failed', 'meeting ends before it starts', { field: 'endsAt' });
  if (a.chairId) await requireOrgUser(ctx, a.chairId, 'chairId');
  const before = await ctx.trx.selectFrom('meetings').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'meeting not found');
  const row = {
    id: a.id,
    org_id: ctx.viewer.orgId,
    title: a.title,
    starts_at: new Date(a.startsAt).toISOString(),
    ends_at: new Date(a.endsAt).toISOString(),
    location: a.location,
    status: a.status,
    chair_id: a.chairId,
    updated_at: ctx.now,
    kind: a.kind ?? before?.kind ?? 'regular',
    online_link: a.onlineLink ?? before?.online_link ?? '',
    host_agency: a.hostAgency ?? before?.host_agency ?? '',
    quorum_numerator: a.quorumNumerator ?? before?.quorum_numerator ?? 2,
    quorum_denominator: a.quorumDenominator ?? before?.quorum_denominator ?? 3,
    revision: before ? before.revision + 1 : 1,
  };
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
  await audit(ctx, 'meeting', a.id, before ? toMeeting(before) : undefined, toMeeting(row), 'meeting.upsert');
}

async function upsertAgendaItem(ctx: Ctx, a: Args<'agendaItem.upsert'>): Promise<void> {
  await meetingOfOrg(ctx, a.meetingId);
  if (a.presenterId) await requireOrgUser(ctx, a.presenterId, 'presenterId');
  const before = await ctx.trx.selectFrom('agenda_items').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'an agenda item cannot move to another meeting', { field: 'meetingId' });
  const row = {
    id: a.id,
    meeting_id: a.meetingId,
    position: a.position,
    title: a.title,
    presenter_id: a.presenterId,
    presenter_label: a.presenterLabel,
    planned_minutes: a.plannedMinutes,
    updated_at: ctx.now,
    presenter_agency: a.presenterAgency ?? before?.presenter_agency ?? '',
    revision: before ? before.revision + 1 : 1,
  };
  if (before) await ctx.trx.updateTable('agenda_items').set(row).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('agenda_items').values(row).execute();
  await ctx.rec.log('agendaItem', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'agendaItem', a.id, before ? toAgendaItem(before) : undefined, toAgendaItem(row), 'agendaItem.upsert');
}

async function deleteAgendaItem(ctx: Ctx, id: string): Promise<void> {
  const before = await ctx.trx.selectFrom('agenda_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'agenda item not found');
  await meetingOfOrg(ctx, before.meeting_id);
  const scope = scopeOf.meeting(before.meeting_id);
  // Its documents stay with the meeting, detached from the item.
  const docs = await ctx.trx.selectFrom('documents').select('id').where('agenda_item_id', '=', id).execute();
  await ctx.trx.updateTable('documents').set({ agenda_item_id: null, updated_at: ctx.now }).where('agenda_item_id', '=', id).execute();
  await ctx.trx.deleteFrom('agenda_items').where('id', '=', id).execute();
  for (const d of docs) await ctx.rec.log('document', d.id, 'upsert', scope);
  await ctx.rec.log('agendaItem', id, 'delete', scope);
  await audit(ctx, 'agendaItem', id, toAgendaItem(before), undefined, 'agendaItem.delete');
}

async function upsertParticipant(ctx: Ctx, a: Args<'participant.upsert'>): Promise<void> {
  const meeting = await meetingOfOrg(ctx, a.meetingId);
  const person = await requireOrgUser(ctx, a.userId, 'userId');
  const before = await ctx.trx.selectFrom('participants').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && (before.meeting_id !== a.meetingId || before.user_id !== a.userId))
    throw new AppError('validation_failed', 'a participant row cannot change meeting or person; delete and add instead');
  const twin = await ctx.trx
    .selectFrom('participants')
    .select('id')
    .where('meeting_id', '=', a.meetingId)
    .where('user_id', '=', a.userId)
    .executeTakeFirst();
  if (twin && twin.id !== a.id) throw new AppError('conflict', 'this person already participates in the meeting', { existingId: twin.id });
  const extra = {
    delegate_name: a.delegateName ?? before?.delegate_name ?? '',
    delegate_user_id: a.delegateUserId !== undefined ? a.delegateUserId : (before?.delegate_user_id ?? null),
    revision: before ? before.revision + 1 : 1,
  };
  if (extra.delegate_user_id) await requireOrgUser(ctx, extra.delegate_user_id, 'delegateUserId');
  const row = { id: a.id, meeting_id: a.meetingId, user_id: a.userId, role: a.role, ...extra };
  if (before) await ctx.trx.updateTable('participants').set({ role: a.role, ...extra }).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('participants').values(row).execute();
  await ctx.rec.log('participant', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  if (!before && meeting.status !== 'draft' && !isSecretariat(person.role as 'member')) {
    // The newcomer's cursor may be past the meeting's history: hand it to him privately.
    await ctx.rec.relogMeeting(a.meetingId, scopeOf.user(a.userId));
  }
  await audit(ctx, 'participant', a.id, before ? toParticipant(before) : undefined, toParticipant(row), 'participant.upsert');
}

async function deleteParticipant(ctx: Ctx, id: string): Promise<void> {
  const before = await ctx.trx.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'participant not found');
  await meetingOfOrg(ctx, before.meeting_id);
  await ctx.trx.deleteFrom('participants').where('id', '=', id).execute();
  await ctx.rec.log('participant', id, 'delete', scopeOf.meeting(before.meeting_id));
  // The removed person learns privately that the meeting left his view (delete unless he still may see it).
  await ctx.rec.log('meeting', before.meeting_id, 'delete', scopeOf.user(before.user_id));
  await audit(ctx, 'participant', id, toParticipant(before), undefined, 'participant.delete');
}

async function upsertDocument(ctx: Ctx, a: Args<'document.upsert'>): Promise<void> {
  await meetingOfOrg(ctx, a.meetingId);
  if (a.agendaItemId) {
    const item = await ctx.trx.selectFrom('agenda_items').select('meeting_id').where('id', '=', a.agendaItemId).executeTakeFirst();
    if (!item || item.meeting_id !== a.meetingId)
      throw new AppError('validation_failed', 'agenda item does not belong to this meeting', { field: 'agendaItemId' });
  }
  const blob = await ctx.trx.selectFrom('blobs').selectAll().where('sha256', '=', a.sha256).executeTakeFirst();
  if (!blob) throw new AppError('validation_failed', 'upload the file before attaching it', { field: 'sha256', sha256: a.sha256 });
  const before = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'a document cannot move to another meeting', { field: 'meetingId' });

  const newVersion = !before ? 1 : before.sha256 !== a.sha256 ? before.version + 1 : before.version;
  const row = {
    id: a.id,
    meeting_id: a.meetingId,
    agenda_item_id: a.agendaItemId,
    title: a.title,
    file_name: a.fileName,
    sha256: a.sha256,
    size: blob.size,
    version: newVersion,
    classification: a.classification,
    // Issue 4: print / download per document; null = as the classification says.
    allow_print: a.allowPrint == null ? null : a.allowPrint ? 1 : 0,
    allow_download: a.allowDownload == null ? null : a.allowDownload ? 1 : 0,
    updated_at: ctx.now,
    revision: before ? before.revision + 1 : 1,
  };
  if (before) await ctx.trx.updateTable('documents').set(row).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('documents').values(row).execute();
  if (!before || before.version !== newVersion) {
    await ctx.trx
      .insertInto('document_versions')
      .values({
        document_id: a.id,
        version: newVersion,
        sha256: a.sha256,
        size: blob.size,
        file_name: a.fileName,
        created_by: ctx.user.id,
        created_at: ctx.now,
      })
      .execute();
  }
  await ctx.rec.log('document', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'document', a.id, before ? toDocument(before) : undefined, toDocument(row), 'document.upsert');
}

async function deleteDocument(ctx: Ctx, id: string): Promise<void> {
  const before = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'document not found');
  await meetingOfOrg(ctx, before.meeting_id);
  const views = await ctx.trx.selectFrom('document_views').select(['id', 'user_id']).where('document_id', '=', id).execute();
  await ctx.trx.deleteFrom('document_views').where('document_id', '=', id).execute();
  await ctx.trx.deleteFrom('documents').where('id', '=', id).execute();
  for (const v of views) await ctx.rec.log('documentView', v.id, 'delete', scopeOf.user(v.user_id));
  await ctx.rec.log('document', id, 'delete', scopeOf.meeting(before.meeting_id));
  await audit(ctx, 'document', id, toDocument(before), undefined, 'document.delete');
}
