/**
 * Written opinions between meetings (phiếu lấy ý kiến):
 * - `opinionRequest.send` (secretariat, naming the chair who instructed it): the question, its
 *   documents and deadline go to every member and chair of the organisation (or a chosen list);
 * - `opinion.answer` (a recipient): agree / disagree / other with a comment; refused with
 *   `opinion_deadline_passed` once the deadline has passed on the SERVER's clock (the answer
 *   may have been written offline long before: what counts is when it arrives).
 */
import { randomUUID } from 'node:crypto';
import { rolesIn } from '../organisations/membership';
import { AppError } from '../../shared/errors';
import { writtenOpinionDeadline } from '../../shared/rules/voting';
import type { OpinionAttachment } from '../../shared/written-opinions';
import { recordAudit } from '../audit/record-audit';
import { loadDecisionRules } from '../rules/decision-rules';
import { readersOf } from '../secretariat/document-access';
import { logOpinionRequest } from '../written-opinions/change-log';
import { loadOpinionRequests, OPINION_ROLES } from '../written-opinions/rows';
import type { MutationArgs, MutationCtx } from './types';

async function audit(ctx: MutationCtx, action: string, entityId: string, before: unknown, after: unknown): Promise<void> {
  await recordAudit(ctx.trx, { userId: ctx.user.id, action, entity: 'opinionRequest', entityId, before, after, at: ctx.now, orgId: ctx.viewer.orgId });
}

/**
 * The attachments as stored snapshots. A confidential document's bytes go only to its readers:
 * it may be attached (by document or by its bytes) only when everyone who will receive the
 * request, the instructing chair included, is on its reader list.
 */
async function resolveAttachments(
  ctx: MutationCtx,
  inputs: MutationArgs<'opinionRequest.send'>['attachments'],
  audience: readonly string[],
): Promise<OpinionAttachment[]> {
  const out: OpinionAttachment[] = [];
  for (const a of inputs) {
    if ('documentId' in a) {
      const doc = await ctx.trx
        .selectFrom('documents')
        .innerJoin('meetings', 'meetings.id', 'documents.meeting_id')
        .select(['documents.id', 'documents.title', 'documents.file_name', 'documents.sha256', 'documents.size', 'documents.classification', 'meetings.org_id'])
        .where('documents.id', '=', a.documentId)
        .executeTakeFirst();
      if (!doc || doc.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'document not found', { entity: 'document', id: a.documentId });
      await requireReadersAmong(ctx, [doc], audience);
      out.push({ documentId: doc.id, title: doc.title, fileName: doc.file_name, sha256: doc.sha256, size: doc.size });
    } else {
      const blob = await ctx.trx.selectFrom('blobs').select(['sha256', 'size']).where('sha256', '=', a.sha256).executeTakeFirst();
      if (!blob) throw new AppError('validation_failed', 'upload the file before attaching it', { field: 'attachments', sha256: a.sha256 });
      // The same bytes as a confidential document (any version) are that document.
      await requireReadersAmong(ctx, await documentsWithBytes(ctx, blob.sha256), audience);
      out.push({ documentId: null, title: a.title, fileName: a.fileName, sha256: blob.sha256, size: blob.size });
    }
  }
  return out;
}

async function documentsWithBytes(ctx: MutationCtx, sha256: string): Promise<{ id: string; classification: string }[]> {
  const current = await ctx.trx.selectFrom('documents').select(['id', 'classification']).where('sha256', '=', sha256).execute();
  const past = await ctx.trx
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .select(['documents.id', 'documents.classification'])
    .where('document_versions.sha256', '=', sha256)
    .execute();
  return [...current, ...past];
}

async function requireReadersAmong(ctx: MutationCtx, docs: { id: string; classification: string }[], audience: readonly string[]): Promise<void> {
  const readers = await readersOf(ctx.trx, docs);
  for (const [documentId, list] of readers)
    if (audience.some((u) => !list.includes(u)))
      throw new AppError('opinion_attachment_confidential', 'a confidential document may be attached only when every recipient may read it', { field: 'attachments', documentId });
}

export async function sendOpinionRequest(ctx: MutationCtx, a: MutationArgs<'opinionRequest.send'>): Promise<void> {
  if (await ctx.trx.selectFrom('opinion_requests').select('id').where('id', '=', a.id).executeTakeFirst())
    throw new AppError('conflict', 'a written opinion request with this id exists', { entity: 'opinionRequest', id: a.id });
  // Asked in the organisation it names, by its secretariat: never silently in another of his.
  if (a.orgId && a.orgId !== ctx.viewer.orgId) throw new AppError('forbidden', 'not the secretariat of this organisation');
  // A chair of THIS organisation (his role here, whatever it is elsewhere).
  if ((await rolesIn(ctx.trx, ctx.viewer.orgId, [a.instructedBy])).get(a.instructedBy) !== 'chair')
    throw new AppError('validation_failed', 'the request is sent on the instruction of a chair of this organisation', { field: 'instructedBy' });
  if (a.meetingId) {
    const meeting = await ctx.trx.selectFrom('meetings').select('org_id').where('id', '=', a.meetingId).executeTakeFirst();
    if (!meeting || meeting.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'meeting not found', { entity: 'meeting', id: a.meetingId });
  }
  let recipients: string[];
  if (a.recipientIds) {
    recipients = [...new Set(a.recipientIds)];
    const roles = await rolesIn(ctx.trx, ctx.viewer.orgId, recipients);
    if (!recipients.every((id) => (OPINION_ROLES as readonly string[]).includes(roles.get(id) ?? ''))) throw new AppError('validation_failed', 'every recipient must be a member or chair of this organisation', { field: 'recipientIds' });
  } else {
    recipients = [...(await rolesIn(ctx.trx, ctx.viewer.orgId))].filter(([, role]) => (OPINION_ROLES as readonly string[]).includes(role)).map(([id]) => id).sort();
    if (recipients.length === 0) throw new AppError('validation_failed', 'the organisation has no members to ask', { field: 'recipientIds' });
  }
  const rules = await loadDecisionRules(ctx.trx, ctx.viewer.orgId);
  const deadline = a.deadline ? new Date(a.deadline).toISOString() : writtenOpinionDeadline(ctx.now, rules).toISOString();
  if (Date.parse(deadline) <= Date.parse(ctx.now)) throw new AppError('validation_failed', 'the deadline must be in the future', { field: 'deadline' });
  const attachments = await resolveAttachments(ctx, a.attachments, [...recipients, a.instructedBy]);

  await ctx.trx
    .insertInto('opinion_requests')
    .values({
      id: a.id,
      org_id: ctx.viewer.orgId,
      meeting_id: a.meetingId ?? null,
      title: a.title,
      question: a.question,
      document_ids_json: JSON.stringify(attachments),
      instructed_by: a.instructedBy,
      sent_by: ctx.user.id,
      sent_at: ctx.now,
      deadline,
      silence_as_consent: (a.silenceAsConsent ?? rules.writtenOpinions.silenceAsConsent) ? 1 : 0,
      status: 'open',
      summary_json: null,
      summary_sha256: null,
      summary_size: null,
      revision: 1,
      updated_at: ctx.now,
    })
    .execute();
  for (const userId of recipients) await ctx.trx.insertInto('opinion_recipients').values({ request_id: a.id, user_id: userId, reminded_at: null }).execute();
  await logOpinionRequest(ctx.trx, ctx.rec, a.id);
  await audit(ctx, 'opinionRequest.send', a.id, undefined, (await loadOpinionRequests(ctx.trx, ctx.viewer, [a.id]))[0]);
}

export async function answerOpinion(ctx: MutationCtx, a: MutationArgs<'opinion.answer'>): Promise<void> {
  const req = await ctx.trx.selectFrom('opinion_requests').selectAll().where('id', '=', a.requestId).executeTakeFirst();
  const asked =
    req && (await ctx.trx.selectFrom('opinion_recipients').select('user_id').where('request_id', '=', req.id).where('user_id', '=', ctx.user.id).executeTakeFirst());
  // Same answer for "missing" and "not asked".
  if (!req || req.org_id !== ctx.viewer.orgId || !asked) throw new AppError('not_found', 'written opinion request not found', { entity: 'opinionRequest', id: a.requestId });
  // The server's clock decides: an answer written offline in time but arriving late is refused.
  if (req.status !== 'open' || Date.parse(ctx.now) > Date.parse(req.deadline))
    throw new AppError('opinion_deadline_passed', 'the deadline of this written opinion request has passed', { requestId: req.id, deadline: req.deadline });
  const before = await ctx.trx.selectFrom('opinion_answers').selectAll().where('request_id', '=', req.id).where('user_id', '=', ctx.user.id).executeTakeFirst();
  if (before)
    await ctx.trx.updateTable('opinion_answers').set({ answer: a.answer, comment: a.comment, answered_at: ctx.now }).where('id', '=', before.id).execute();
  else
    await ctx.trx
      .insertInto('opinion_answers')
      .values({ id: randomUUID(), request_id: req.id, user_id: ctx.user.id, answer: a.answer, comment: a.comment, answered_at: ctx.now })
      .execute();
  await ctx.trx.updateTable('opinion_requests').set({ revision: req.revision + 1, updated_at: ctx.now }).where('id', '=', req.id).execute();
  await logOpinionRequest(ctx.trx, ctx.rec, req.id);
  await audit(
    ctx,
    'opinion.answer',
    req.id,
    before ? { answer: before.answer, comment: before.comment, answeredAt: before.answered_at } : undefined,
    { answer: a.answer, comment: a.comment, answeredAt: ctx.now },
  );
}
