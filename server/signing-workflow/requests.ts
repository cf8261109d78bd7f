/** Signature requests: database rows → the shared entity, who sees them, where their changes go. */
import { SignatureRequest, signerSees, type SignatureStep } from '../../shared/signing-workflow';
import { isSecretariat } from '../../shared/rules/meetings';
import { secretariatOf } from '../organisations/membership';
import type { Db } from '../db/open';
import type { Selectable } from 'kysely';
import type { SignatureRequestsTable, SignatureStepsTable } from '../db/schema';
import { scopeOf, type Scope, type Viewer } from '../sync/access';

export const toSignatureStep = (s: Selectable<SignatureStepsTable>): SignatureStep => ({
  id: s.id,
  position: s.position,
  userId: s.user_id,
  role: s.role as SignatureStep['role'],
  status: s.status as SignatureStep['status'],
  actedAt: s.acted_at,
  sha256: s.sha256,
  comment: s.comment,
  certificateName: s.certificate_name ?? null,
  nameCheck: (s.name_check as SignatureStep['nameCheck']) ?? null,
});

export const toSignatureRequest = (r: Selectable<SignatureRequestsTable>, steps: Selectable<SignatureStepsTable>[]): SignatureRequest =>
  SignatureRequest.parse({
    id: r.id,
    meetingId: r.meeting_id,
    documentId: r.document_id,
    documentTitle: r.document_title,
    fileName: r.file_name,
    baseVersion: r.base_version,
    baseSha256: r.base_sha256,
    currentSha256: r.current_sha256,
    currentSize: r.current_size,
    status: r.status,
    note: r.note,
    steps: steps.sort((a, b) => a.position - b.position).map(toSignatureStep),
    createdBy: r.created_by,
    createdAt: r.created_at,
    issuedVersion: r.issued_version,
    revision: r.revision,
    updatedAt: r.updated_at,
    certify: r.certify === 1,
  });

/** The requests with these ids, with their steps. */
export async function loadRequests(db: Db, ids: string[]): Promise<SignatureRequest[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('signature_requests').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const steps = await db.selectFrom('signature_steps').selectAll().where('request_id', 'in', ids).execute();
  return rows.map((r) => toSignatureRequest(r, steps.filter((s) => s.request_id === r.id)));
}

/** Secretariat of the organisation: every request; a signer: from his turn on. */
export function mayViewRequest(viewer: Viewer, orgId: string, r: Pick<SignatureRequest, 'steps'>): boolean {
  if (orgId !== viewer.orgId) return false;
  return isSecretariat(viewer.role) || signerSees(r, viewer.id);
}

/** Private scopes a request's changes go to: every secretariat account of the organisation and every signer. */
export async function requestScopes(db: Db, orgId: string, stepUserIds: string[]): Promise<Scope[]> {
  // Its secretariat by membership too (a city member may be a district's secretary).
  const staff = await secretariatOf(db, orgId);
  return [...new Set([...staff, ...stepUserIds])].map(scopeOf.user);
}

/** Whether the user has a signature to give now (he may then upload a signed file). */
export async function hasTurnToSign(db: Db, userId: string): Promise<boolean> {
  return (await db.selectFrom('signature_steps').select('id').where('user_id', '=', userId).where('status', '=', 'to_sign').executeTakeFirst()) !== undefined;
}
