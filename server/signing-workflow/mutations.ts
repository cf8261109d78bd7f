/**
 * Mutations of the signing workflow (trình ký), run by server/sync/push.ts inside each
 * mutation's transaction:
 * - `signatureRequest.create` (secretariat): the document's current version goes to the first
 *   signer; the others wait their turn (signers first, then the clerk's organisation signature);
 * - `signatureRequest.sign` (the current signer): the uploaded file must be the revision he was
 *   sent plus an incremental update with one new valid signature (upload-check.ts); the next
 *   signer then receives it; after the last one the signed file becomes a new version of the
 *   document for every participant (the history is kept in document_versions);
 * - `signatureRequest.return` (the current signer): back to the secretariat with a comment;
 * - `signatureRequest.cancel` (secretariat): withdraws it (in progress or returned);
 * - `signatureRequest.resend` (secretariat): a returned request goes back to who returned it;
 * - `orgSigningSettings.update` (secretariat): the organisation's seal, the name policy.
 * Issue 5 part 3: a request may certify the document (DocMDP P=2 at the first signature), and
 * each signer's certificate must name him (strict: refused; warn: accepted and flagged).
 */
import { readFile } from 'node:fs/promises';
import type { Mutation } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import type { Selectable } from 'kysely';
import { certificateNamesPerson } from '../../shared/rules/certificate-name';
import type { SignatureRequestsTable } from '../db/schema';
import { loadOrgSigningSettings, updateOrgSigningSettings } from './org-settings';
import { publishVersionIds } from '../secretariat/mutations';
import { scopeOf } from '../sync/access';
import { toDocument } from '../sync/rows';
import { loadRequests, requestScopes } from './requests';
import { checkSignedRevision } from './upload-check';
import { recordAudit } from '../audit/record-audit';
import type { MutationArgs as Args, MutationCtx } from '../sync/mutation-context';

export type SigningCtx = MutationCtx;

/** Applies the mutation if it is one of ours; false otherwise. */
export async function applySigningMutation(ctx: SigningCtx, m: Mutation): Promise<boolean> {
  switch (m.kind) {
    case 'signatureRequest.create':
      await createRequest(ctx, m.args);
      return true;
    case 'signatureRequest.sign':
      await signStep(ctx, m.args);
      return true;
    case 'signatureRequest.return':
      await returnStep(ctx, m.args);
      return true;
    case 'signatureRequest.cancel':
      await cancelRequest(ctx, m.args);
      return true;
    case 'signatureRequest.resend':
      await resendRequest(ctx, m.args);
      return true;
    case 'orgSigningSettings.update':
      await updateOrgSigningSettings(ctx, m.args);
      return true;
    default:
      return false;
  }
}

async function audit(ctx: SigningCtx, action: string, entityId: string, before: unknown, after: unknown): Promise<void> {
  await recordAudit(ctx.trx, { userId: ctx.user.id, action, entity: 'signatureRequest', entityId, before, after, at: ctx.now });
}

/** Sends the request's current state to the secretariat and its signers. */
async function logRequest(ctx: SigningCtx, requestId: string): Promise<void> {
  const req = await ctx.trx.selectFrom('signature_requests').select('org_id').where('id', '=', requestId).executeTakeFirstOrThrow();
  const users = (await ctx.trx.selectFrom('signature_steps').select('user_id').where('request_id', '=', requestId).execute()).map((s) => s.user_id);
  for (const scope of await requestScopes(ctx.trx, req.org_id, users)) await ctx.rec.log('signatureRequest', requestId, 'upsert', scope);
}

async function current(ctx: SigningCtx, id: string) {
  return (await loadRequests(ctx.trx, [id]))[0];
}

async function createRequest(ctx: SigningCtx, a: Args<'signatureRequest.create'>): Promise<void> {
  if (!isSecretariat(ctx.viewer.role)) throw new AppError('forbidden', 'only the secretariat sends documents for signature');
  if (await ctx.trx.selectFrom('signature_requests').select('id').where('id', '=', a.id).executeTakeFirst())
    throw new AppError('conflict', 'a signature request with this id exists', { entity: 'signatureRequest', id: a.id });
  const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.documentId).executeTakeFirst();
  const meeting = doc && (await ctx.trx.selectFrom('meetings').select(['org_id']).where('id', '=', doc.meeting_id).executeTakeFirst());
  if (!doc || !meeting || meeting.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'document not found', { entity: 'document', id: a.documentId });
  const open = await ctx.trx.selectFrom('signature_requests').select('id').where('document_id', '=', doc.id).where('status', '=', 'in_progress').executeTakeFirst();
  if (open) throw new AppError('conflict', 'this document is already out for signature', { entity: 'signatureRequest', id: open.id });

  const userIds = a.steps.map((s) => s.userId);
  if (new Set(userIds).size !== userIds.length) throw new AppError('validation_failed', 'each signer appears once', { field: 'steps' });
  const known = await ctx.trx.selectFrom('users').select('id').where('id', 'in', userIds).where('org_id', '=', ctx.viewer.orgId).execute();
  if (known.length !== userIds.length) throw new AppError('validation_failed', 'a signer is not a user of this organization', { field: 'steps' });
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
async function myTurn(ctx: SigningCtx, requestId: string, stepId: string): Promise<{ req: Selectable<SignatureRequestsTable>; position: number; role: string }> {
  const req = await ctx.trx.selectFrom('signature_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  const step = await ctx.trx.selectFrom('signature_steps').selectAll().where('id', '=', stepId).where('request_id', '=', requestId).executeTakeFirst();
  // Same answer for "missing" and "not yours".
  if (!req || req.org_id !== ctx.viewer.orgId || !step || step.user_id !== ctx.user.id)
    throw new AppError('not_found', 'signature request not found', { entity: 'signatureRequest', id: requestId });
  if (req.status !== 'in_progress' || step.status !== 'to_sign') throw new AppError('not_your_turn', 'this step is not waiting for your signature', { status: step.status });
  return { req, position: step.position, role: step.role };
}

async function readBlob(ctx: SigningCtx, sha256: string): Promise<Uint8Array | null> {
  if (!ctx.blobs) throw new AppError('internal', 'no blob store');
  const known = await ctx.trx.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
  if (!known) return null;
  return new Uint8Array(await readFile(ctx.blobs.pathOf(sha256)));
}

async function signStep(ctx: SigningCtx, a: Args<'signatureRequest.sign'>): Promise<void> {
  const { req, position, role } = await myTurn(ctx, a.requestId, a.stepId);
  const before = await current(ctx, req.id);
  const signed = await readBlob(ctx, a.sha256);
  if (!signed) throw new AppError('validation_failed', 'upload the signed file before submitting it', { field: 'sha256', sha256: a.sha256 });
  const sent = await readBlob(ctx, req.current_sha256);
  if (!sent) throw new AppError('internal', 'the revision sent for signature is missing');
  const check = await checkSignedRevision(sent, signed);
  if (!check.ok) throw new AppError('signed_upload_refused', `signed file refused: ${check.reason}`, { reason: check.reason });
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
  const changes = { current_sha256: a.sha256, current_size: signed.length, revision: req.revision + 1, updated_at: ctx.now };
  if (next) {
    await ctx.trx.updateTable('signature_steps').set({ status: 'to_sign' }).where('id', '=', next.id).execute();
    await ctx.trx.updateTable('signature_requests').set(changes).where('id', '=', req.id).execute();
  } else {
    const issuedVersion = await issueDocument(ctx, req, a.sha256, signed.length);
    await ctx.trx.updateTable('signature_requests').set({ ...changes, status: 'completed', issued_version: issuedVersion }).where('id', '=', req.id).execute();
  }
  await logRequest(ctx, req.id);
  await audit(ctx, 'signatureRequest.sign', req.id, before, { ...(await current(ctx, req.id)), field: check.field });
}

/** The fully signed file replaces the draft: a new version of the document, the old ones kept. */
async function issueDocument(ctx: SigningCtx, req: Selectable<SignatureRequestsTable>, sha256: string, size: number): Promise<number> {
  const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', req.document_id).executeTakeFirst();
  if (!doc) throw new AppError('not_found', 'the document was removed while out for signature', { entity: 'document', id: req.document_id });
  const version = doc.version + 1;
  await ctx.trx.updateTable('documents').set({ sha256, size, version, revision: doc.revision + 1, updated_at: ctx.now }).where('id', '=', doc.id).execute();
  await ctx.trx
    .insertInto('document_versions')
    .values({ document_id: doc.id, version, sha256, size, file_name: doc.file_name, created_by: ctx.user.id, created_at: ctx.now })
    .execute();
  await ctx.rec.log('document', doc.id, 'upsert', scopeOf.meeting(doc.meeting_id));
  await publishVersionIds(ctx, doc.id, doc.meeting_id);
  await recordAudit(ctx.trx, {
    userId: ctx.user.id,
    action: 'signatureRequest.issue',
    entity: 'document',
    entityId: doc.id,
    before: toDocument(doc),
    after: { sha256, size, version, signatureRequestId: req.id },
    at: ctx.now,
  });
  return version;
}

async function returnStep(ctx: SigningCtx, a: Args<'signatureRequest.return'>): Promise<void> {
  const { req } = await myTurn(ctx, a.requestId, a.stepId);
  const before = await current(ctx, req.id);
  await ctx.trx.updateTable('signature_steps').set({ status: 'returned', acted_at: ctx.now, comment: a.comment }).where('id', '=', a.stepId).execute();
  await ctx.trx.updateTable('signature_requests').set({ status: 'returned', revision: req.revision + 1, updated_at: ctx.now }).where('id', '=', req.id).execute();
  await logRequest(ctx, req.id);
  await audit(ctx, 'signatureRequest.return', req.id, before, await current(ctx, req.id));
}

async function cancelRequest(ctx: SigningCtx, a: Args<'signatureRequest.cancel'>): Promise<void> {
  if (!isSecretariat(ctx.viewer.role)) throw new AppError('forbidden', 'only the secretariat withdraws a signature request');
  const req = await ctx.trx.selectFrom('signature_requests').selectAll().where('id', '=', a.requestId).executeTakeFirst();
  if (!req || req.org_id !== ctx.viewer.orgId) throw new AppError('not_found', 'signature request not found', { entity: 'signatureRequest', id: a.requestId });
  if (req.status !== 'in_progress' && req.status !== 'returned') throw new AppError('conflict', 'the request is no longer in progress', { status: req.status });
  const before = await current(ctx, req.id);
  await ctx.trx.updateTable('signature_requests').set({ status: 'cancelled', revision: req.revision + 1, updated_at: ctx.now }).where('id', '=', req.id).execute();
  await logRequest(ctx, req.id);
  await audit(ctx, 'signatureRequest.cancel', req.id, before, await current(ctx, req.id));
}

async function resendRequest(ctx: SigningCtx, a: Args<'signatureRequest.resend'>): Promise<void> {
  if (!isSecretariat(ctx.viewer.role)) throw new AppError('forbidden', 'only the secretariat resends a signature request');
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
