/**
 * Attachments of written opinion requests, and blob access through them (used by
 * server/sync/access.ts). Kept apart from rows.ts, which imports access.ts, so that the two do
 * not import each other.
 */
import { OpinionAttachment } from '../../shared/written-opinions';
import type { Db } from '../db/open';
import type { OpinionRequestsTable } from '../live-meeting/tables';
import { readersOf } from '../secretariat/document-access';

/**
 * `document_ids_json` (migration 004) holds the attachments as a JSON array of
 * OpinionAttachment (snapshots: a meeting document's later versions do not follow).
 */
export const attachmentsOf = (r: Pick<OpinionRequestsTable, 'document_ids_json'>): OpinionAttachment[] =>
  OpinionAttachment.array().parse(JSON.parse(r.document_ids_json));

/** Whether a recipient (or the instructing chair) may download these bytes: an attachment or the summary of his request. */
export async function opinionMayReadBlob(db: Db, viewer: { id: string; orgId: string }, sha256: string): Promise<boolean> {
  const asked = db.selectFrom('opinion_recipients').select('request_id').where('user_id', '=', viewer.id);
  const rows = await db
    .selectFrom('opinion_requests')
    .select(['document_ids_json', 'summary_sha256'])
    .where('org_id', '=', viewer.orgId)
    .where((eb) => eb.or([eb('id', 'in', asked), eb('instructed_by', '=', viewer.id)]))
    .execute();
  if (rows.some((r) => r.summary_sha256 === sha256)) return true;
  if (!rows.some((r) => attachmentsOf(r).some((a) => a.sha256 === sha256))) return false;
  // Never a confidential document's bytes to a non-reader, even if a request carries them.
  return !(await confidentialForOthers(db, viewer.id, sha256));
}

/** Whether these bytes are (a version of) a confidential document `userId` is not a reader of. */
async function confidentialForOthers(db: Db, userId: string, sha256: string): Promise<boolean> {
  const current = await db.selectFrom('documents').select(['id', 'classification']).where('sha256', '=', sha256).where('classification', '=', 'confidential').execute();
  const past = await db
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .select(['documents.id', 'documents.classification'])
    .where('document_versions.sha256', '=', sha256)
    .where('documents.classification', '=', 'confidential')
    .execute();
  const readers = await readersOf(db, [...current, ...past]);
  return [...readers.values()].some((list) => !list.includes(userId));
}
