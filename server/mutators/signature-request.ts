/**
 * The signing workflow (trình ký), run inside each mutation's push transaction:
 * - `signatureRequest.create` (secretariat): the document's current version goes to the first
 *   signer; the others wait their turn (signers first, then the clerk's organisation signature);
 * - `signatureRequest.sign` (the current signer): the uploaded file must be the revision he was
 *   sent plus an incremental update with one new valid signature (upload-check.ts, checked in a
 *   worker thread before the transaction, then applied if it is still his turn on that revision); the next
 *   signer then receives it; after the last one the signed file becomes a new version of the
 *   document for every participant (the documents repository keeps the history);
 * - `signatureRequest.return` (the current signer): back to the secretariat with a comment;
 * - `signatureRequest.cancel` (secretariat): withdraws it (in progress or returned);
 * - `signatureRequest.resend` (secretariat): a returned request goes back to who returned it.
 * A request may certify the document (DocMDP P=2 at the first signature), and each signer's
 * certificate must name him (strict: refused; warn: accepted and flagged).
 */
import type { Selectable } from 'kysely';
import { rolesIn } from '../organisations/membership';
import { AppError } from '../../shared/errors';
import { certificateNamesPerson } from '../../shared/rules/certificate-name';
import { mayBeAskedToSign } from '../../shared/rules/meeting-roles';
import type { Role } from '../../shared/entities';
import type { Db } from '../db/open';
import type { SignatureRequestsTable } from '../db/schema';
import { addVersion, writerFor } from '../documents/repository';
import { loadOrgSigningSettings } from '../signing-workflow/org-settings';
import { loadRequests, requestScopes } from '../signing-workflow/requests';
import type { SignedUploadCheck } from '../signing-workflow/upload-check';
import { uploadChecker } from '../signing-workflow/upload-checker';
import { recordAudit } from '../audit/record-audit';
import { assertNumberedForSignature } from '../secretariat/document-register';
import type { MutationArgs, MutationCtx, PrepareCtx } from './types';

async function audit(ctx: MutationCtx, action: string, entityId: string, before: unknown, after: unknown): Promise<void> {
  await recordAudit(ctx.trx, { userId: ctx.user.id, action, entity: 'signatureRequest', entityId, before, after, at: ctx.now, orgId: ctx.viewer.orgId });
}

/** Sends the request's current state to the secretariat and its signers. */
async function logRequest(ctx: MutationCtx, requestId: string): Promise<void> {
  const req = await ctx.trx.selectFrom('signature_requests').select('org_id').where('id', '=', requestId).executeTakeFirstOrThrow();
  const users = (await ctx.trx.selectFrom('signature_steps').select('user_id').where('request_id', '=', requestId).execute()).map((s) => s.user_id);
  for (const scope of await requestScopes(ctx.trx, req.org_id, users)) await ctx.rec.log('signatureRequest', requestId, 'upsert', scope);
}

async function current(ctx: MutationCtx, id: string) {
  return (await loadRequests(ctx.trx, [id]))[0];
}

export async function createRequest(ctx: MutationCtx, a: MutationArgs<'signatureRequest.create'>): Promise<void> {
  if (await ctx.trx.selectFrom('signature_requests').select('id').where('id', '=', a.id).executeTakeFirst())
    throw new AppError('conflict', 'a signature request with this id exists', { entity: 'signatureRequest', id: a.id });
  const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.documentId).executeTakeFirst();
  const meeting = doc && (await ctx.trx.selectFrom('meetings').select(['org_id']).where('id', '=', doc.meeting_id).executeTakeFirst());
  if (!doc || !meeting || meeting.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'document not found', { entity: 'document', id: a.documentId });
  await assertNumberedForSignature(ctx.trx, doc.id);
  const open = await ctx.trx.selectFrom('signature_requests').select('id').where('document_id', '=', doc.id).where('status', '=', 'in_progress').executeTakeFirst();
  if (open) throw new AppError('conflict', 'this document is already out for signature', { entity: 'signatureRequest', id: open.id });

  const userIds = a.steps.map((s) => s.userId);
  if (new Set(userIds).size !== userIds.length) throw new AppError('validation_failed', 'each signer appears once', { field: 'steps' });
  const known = [...(await rolesIn(ctx.trx, ctx.viewer.orgId, userIds))].map(([id, role]) => ({ id, role }));
  if (known.length !== userIds.length) throw new AppError('validation_failed', 'a signer is not a user of this organization', { field: 'steps' });
  if (!known.every((u) => mayBeAskedToSign(u.role as Role))) throw new AppError('validation_failed', 'a guest cannot be asked to sign', { field: 'steps' });
  // Decree 30 order: the officials sign, then the clerk adds the organisation's signature.
  const firstClerk = a.steps.findIndex((s) => s.role === 'clerk');
  if (firstClerk >= 0 && a.steps.slice(firstClerk).some((s) => s.role === 'signer'))
    throw new AppError('validation_failed', "the clerk's organisation signature comes after the signers", { field: 'steps' });
  const stepIds = a.steps.map((s) => s.id);
  if (new Set(stepIds).size !== stepIds.length || (await ctx.trx.selectFrom('signature_steps').select('id').where('id', 'in', stepIds).executeTakeFirst()))
    throw new AppError('validation_failed', 'step ids must be new and unique', { field: 'steps' });

  await ctx.trx
    .insertInto('signature_requests')
    .values({
      id: a.id,
      org_id: ctx.viewer.orgId,
      meeting_id: doc.meeting_id,
      document_id: doc.id,
      document_title: doc.title,
      file_name: doc.file_name,
      base_version: doc.version,
      base_sha256: doc.sha256,
      current_sha256: doc.sha256,
      current_size: doc.size,
      status: 'in_progress',
      note: a.note ?? '',
      created_by: ctx.user.id,
      created_at: ctx.now,
      issued_version: null,
      revision: 1,
      updated_at: ctx.now,
      certify: a.certify ? 1 : 0,
    })
    .execute();
  for (const [i, s] of a.steps.entries()) {
    await ctx.trx
      .insertInto('signature_steps')
      .values({ id: s.id, request_id: a.id, position: i, user_id: s.userId, role: s.role, status: i === 0 ? 'to_sign' : 'waiting', acted_at: null, sha256: null, comment: '', certificate_name: null, name_check: null })
      .execute();
  }
  await logRequest(ctx, a.id);
  await audit(ctx, 'signatureRequest.create', a.id, undefined, await current(ctx, a.id));
}

/** The request and the caller's step, when it is his turn now. */
async function myTurn(
  db: Db,
  who: { userId: string; orgId: string },
  requestId: string,
  stepId: string,
): Promise<{ req: Selectable<SignatureRequestsTable>; position: number; role: string }> {
  const req = await db.selectFrom('signature_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  const step = await db.selectFrom('signature_steps').selectAll().where('id', '=', stepId).where('request_id', '=', requestId).executeTakeFirst();
  // Same answer for "missing" and "not yours".
  if (!req || req.org_id !== who.orgId || !step || step.user_id !== who.userId)
    throw new AppError('not_found', 'signature request not found', { entity: 'signatureRequest', id: requestId });
  if (req.status !== 'in_progress' || step.status !== 'to_sign') throw new AppError('not_your_turn', 'this step is not waiting for your signature', { status: step.status });
  return { req, position: step.position, role: step.role };
}

/** A signed upload that passed the check, and the revision it was checked against. */
export class CheckedSignedUpload {
  constructor(
    readonly sentSha256: string,
    readonly signedSize: number,
    readonly check: Extract<SignedUploadCheck, { ok: true }>,
  ) {}
}

/**
 * Before the transaction: checks the signed file against the revision sent, in a worker thread
 * (a hostile PDF can ask for seconds and memory; the database and other requests must not wait).
 */
export async function checkSignedUpload(ctx: PrepareCtx, a: MutationArgs<'signatureRequest.sign'>): Promise<CheckedSignedUpload> {
  const { req } = await myTurn(ctx.db, { userId: ctx.user.id, orgId: ctx.viewer.orgId }, a.requestId, a.stepId);
  if (!ctx.blobs) throw new AppError('internal', 'no blob store');
  const known = async (sha256: string) =>
    (await ctx.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) ? await ctx.blobs!.size(sha256) : undefined;
  const signedSize = await known(a.sha256);
  if (signedSize === undefined) throw new AppError('validation_failed', 'upload the signed file before submitting it', { field: 'sha256', sha256: a.sha256 });
  if ((await known(req.current_sha256)) === undefined) throw new AppError('internal', 'the revision sent for signature is missing');
  const blobs = ctx.blobs;
  const check = await blobs.withLocalFile(req.current_sha256, (sent) =>
    blobs.withLocalFile(a.sha256, (signed) => uploadChecker().check(ctx.user.id, sent, signed, signedSize)),
  );
  if (!check.ok) throw new AppError(check.reason === 'repaired_before_signing' ? 'signed_file_repaired' : 'signed_upload_refused', `signed file refused: ${check.reason}`, { reason: check.reason });
  return new CheckedSignedUpload(req.current_sha256, signedSize, check);
}

export async function signStep(ctx: MutationCtx, a: MutationArgs<'signatureRequest.sign'>): Promise<void> {
  const { req, position, role } = await myTurn(ctx.trx, { userId: ctx.user.id, orgId: ctx.viewer.orgId }, a.requestId, a.stepId);
  const checked = ctx.prepared;
  if (!(checked instanceof CheckedSignedUpload)) throw new AppError('internal', 'the signed file was not checked');
  // The request was sent again with another revision while the file was checked.
  if (checked.sentSha256 !== req.current_sha256)
    throw new AppError('conflict', 'the revision sent for signature changed while the signed file was checked', { entity: 'signatureRequest', id: req.id });
  const { check, signedSize } = checked;
  const before = await current(ctx, req.id);
  // "Chứng thực văn bản ban hành": the first signature certifies (P=2); no other may.
  const wantCertification = req.certify === 1 && position === 0 ? 2 : null;
  if (check.certification !== wantCertification)
    throw new AppError('signed_upload_refused', `signed file refused: certification ${check.certification ?? 'none'}, expected ${wantCertification ?? 'none'}`, {
      reason: wantCertification ? 'certification_missing' : 'certification_unexpected',
    });
  // The official's certificate must name him; the clerk signs with the organisation's certificate.
  let nameCheck: 'match' | 'mismatch' | null = null;
  if (role === 'signer') {
    nameCheck = check.signer && certificateNamesPerson(check.signer, ctx.user.full_name) ? 'match' : 'mismatch';
    if (nameCheck === 'mismatch' && (await loadOrgSigningSettings(ctx.trx, ctx.viewer.orgId)).nameCheck === 'strict')
      throw new AppError('certificate_name_mismatch', `the signing certificate names "${check.signer ?? ''}", not "${ctx.user.full_name}"`, {
        certificateName: check.signer ?? '',
        fullName: ctx.user.full_name,
      });
  }

  await ctx.trx
    .updateTable('signature_steps')
    .set({ status: 'signed', acted_at: ctx.now, sha256: a.sha256, certificate_name: check.signer, name_check: nameCheck })
    .where('id', '=', a.stepId)
    .execute();
  const next = await ctx.trx.selectFrom('signature_steps').select('id').where('request_id', '=', req.id).where('position', '=', position + 1).executeTakeFirst();
  const changes = { current_sha256: a.sha256, current_size: signedSize, revision: req.revision + 1, updated_at: ctx.now };
  if (next) {
    await ctx.trx.updateTable('signature_steps').set({ status: 'to_sign' }).where('id', '=', next.id).execute();
    await ctx.trx.updateTable('signature_requests').set(changes).where('id', '=', req.id).execute();
  } else {
    const issuedVersion = await issueDocument(ctx, req, a.sha256, signedSize);
    await ctx.trx.updateTable('signature_requests').set({ ...changes, status: 'completed', issued_version: issuedVersion }).where('id', '=', req.id).execute();
  }
  await logRequest(ctx, req.id);
  await audit(ctx, 'signatureRequest.sign', req.id, before, { ...(await current(ctx, req.id)), field: check.field });
}

/** The fully signed file replaces the draft: a new version of the document, the old ones kept. */
async function issueDocument(ctx: MutationCtx, req: Selectable<SignatureRequestsTable>, sha256: string, size: number): Promise<number> {
  const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', req.document_id).executeTakeFirst();
  if (!doc) throw new AppError('not_found', 'the document was removed while out for signature', { entity: 'document', id: req.document_id });
  const issued = await addVersion(writerFor(ctx, 'signatureRequest.issue'), doc, { sha256, size, fileName: doc.file_name });
  return issued.version;
}

export async function returnStep(ctx: MutationCtx, a: MutationArgs<'signatureRequest.return'>): Promise<void> {
  const { req } = await myTurn(ctx.trx, { userId: ctx.user.id, orgId: ctx.viewer.orgId }, a.requestId, a.stepId);
  const before = await current(ctx, req.id);
  await ctx.trx.updateTable('signature_steps').set({ status: 'returned', acted_at: ctx.now, comment: a.comment }).where('id', '=', a.stepId).execute();
  await ctx.trx.updateTable('signature_requests').set({ status: 'returned', revision: req.revision + 1, updated_at: ctx.now }).where('id', '=', req.id).execute();
  await logRequest(ctx, req.id);
  await audit(ctx, 'signatureRequest.return', req.id, before, await current(ctx, req.id));
}

export async function cancelRequest(ctx: MutationCtx, a: MutationArgs<'signatureRequest.cancel'>): Promise<void> {
  const req = await ctx.trx.selectFrom('signature_requests').selectAll().where('id', '=', a.requestId).executeTakeFirst();
  if (!req || req.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'signature request not found', { entity: 'signatureRequest', id: a.requestId });
  if (req.status !== 'in_progress' && req.status !== 'returned') throw new AppError('conflict', 'the request is no longer in progress', { status: req.status });
  const before = await current(ctx, req.id);
  await ctx.trx.updateTable('signature_requests').set({ status: 'cancelled', revision: req.revision + 1, updated_at: ctx.now }).where('id', '=', req.id).execute();
  await logRequest(ctx, req.id);
  await audit(ctx, 'signatureRequest.cancel', req.id, before, await current(ctx, req.id));
}

export async function resendRequest(ctx: MutationCtx, a: MutationArgs<'signatureRequest.resend'>): Promise<void> {
  const req = await ctx.trx.selectFrom('signature_requests').selectAll().where('id', '=', a.requestId).executeTakeFirst();
  if (!req || req.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'signature request not found', { entity: 'signatureRequest', id: a.requestId });
  if (req.status !== 'returned') throw new AppError('conflict', 'only a returned request can be sent again', { status: req.status });
  const open = await ctx.trx.selectFrom('signature_requests').select('id').where('document_id', '=', req.document_id).where('status', '=', 'in_progress').executeTakeFirst();
  if (open) throw new AppError('conflict', 'this document is already out for signature', { entity: 'signatureRequest', id: open.id });
  const before = await current(ctx, req.id);
  const changes: Partial<Selectable<SignatureRequestsTable>> = { status: 'in_progress', revision: req.revision + 1, updated_at: ctx.now };
  if (a.note !== undefined) changes.note = a.note;
  // Nobody signed yet: send the document as it is now (the secretariat may have corrected it).
  const signedAny = await ctx.trx.selectFrom('signature_steps').select('id').where('request_id', '=', req.id).where('status', '=', 'signed').executeTakeFirst();
  if (!signedAny) {
    const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', req.document_id).executeTakeFirst();
    if (!doc) throw new AppError('not_found', 'the document was removed', { entity: 'document', id: req.document_id });
    Object.assign(changes, { base_version: doc.version, base_sha256: doc.sha256, current_sha256: doc.sha256, current_size: doc.size, document_title: doc.title, file_name: doc.file_name });
  }
  await ctx.trx.updateTable('signature_requests').set(changes).where('id', '=', req.id).execute();
  await ctx.trx.updateTable('signature_steps').set({ status: 'to_sign', acted_at: null }).where('request_id', '=', req.id).where('status', '=', 'returned').execute();
  await logRequest(ctx, req.id);
  await audit(ctx, 'signatureRequest.resend', req.id, before, await current(ctx, req.id));
}
