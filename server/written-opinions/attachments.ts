/**
 * Attachments of written opinion requests, and blob access through them (used by
 * server/sync/access.ts). Kept apart from rows.ts, which imports access.ts, so that the two do
 * not import each other.
 */
import { OpinionAttachment } from '../../shared/written-opinions';
import type { Db } from '../db/open';
import type { OpinionRequestsTable } from '../live-meeting/tables';

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
  return rows.some((r) => r.summary_sha256 === sha256 || attachmentsOf(r).some((a) => a.sha256 === sha256));
}
