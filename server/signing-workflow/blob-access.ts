/**
 * Blob access of signers (used by server/sync/access.ts). Kept apart from requests.ts, which
 * imports access.ts, so that the two do not import each other.
 */
import type { Db } from '../db/open';

/**
 * Whether a signer may download these bytes: a revision (sent, current or one he signed) of a
 * request he can see. Signers need not be participants of the meeting (e.g. the clerk).
 */
export async function signerMayReadBlob(db: Db, viewer: { id: string; orgId: string }, sha256: string): Promise<boolean> {
  const mine = await db
    .selectFrom('signature_steps')
    .innerJoin('signature_requests', 'signature_requests.id', 'signature_steps.request_id')
    .select('signature_requests.id')
    .where('signature_steps.user_id', '=', viewer.id)
    .where('signature_steps.status', '!=', 'waiting')
    .where('signature_requests.org_id', '=', viewer.orgId)
    .execute();
  if (mine.length === 0) return false;
  if (await clerkMayReadSeal(db, viewer, sha256)) return true;
  const ids = mine.map((m) => m.id);
  const hit = await db
    .selectFrom('signature_requests')
    .select('id')
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('base_sha256', '=', sha256), eb('current_sha256', '=', sha256)]))
    .executeTakeFirst();
  if (hit) return true;
  return (await db.selectFrom('signature_steps').select('id').where('request_id', 'in', ids).where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
}

/** The organisation's seal (org-settings.ts) goes to those who apply it: the clerks of its requests. */
async function clerkMayReadSeal(db: Db, viewer: { id: string; orgId: string }, sha256: string): Promise<boolean> {
  const s = await db.selectFrom('org_signing_settings').select('org_id').where('org_id', '=', viewer.orgId).where('seal_sha256', '=', sha256).executeTakeFirst();
  if (!s) return false;
  const clerk = await db.selectFrom('signature_steps').select('id').where('user_id', '=', viewer.id).where('role', '=', 'clerk').executeTakeFirst();
  return clerk !== undefined;
}
