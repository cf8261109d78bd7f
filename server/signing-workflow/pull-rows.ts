/**
 * Pull of signature requests (called from server/sync/pull.ts). Not per meeting: a signer
 * need not take part in the meeting whose document he signs.
 */
import type { Change, SyncEntityName } from '../../shared/api';
import { isSecretariat } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import type { Viewer } from '../sync/access';
import { orgSettingsRows } from './org-settings';
import { loadRequests, mayViewRequest } from './requests';

export const SIGNING_ENTITIES = ['signatureRequest', 'orgSigningSettings'] as const satisfies readonly SyncEntityName[];

export async function signingSnapshotRows(db: Db, viewer: Viewer, entity: SyncEntityName, after: string, limit: number): Promise<Change[]> {
  if (entity === 'orgSigningSettings') return orgSettingsRows(db, viewer, entity, after);
  if (entity !== 'signatureRequest') return [];
  let q = db.selectFrom('signature_requests').select('id').where('org_id', '=', viewer.orgId).where('id', '>', after);
  if (!isSecretariat(viewer.role)) {
    const mine = db.selectFrom('signature_steps').select('request_id').where('user_id', '=', viewer.id).where('status', '!=', 'waiting');
    q = q.where('id', 'in', mine);
  }
  const ids = (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
  return (await loadRequests(db, ids)).map((r) => ({ entity: 'signatureRequest', id: r.id, op: 'upsert', data: r }));
}

export async function loadSigningCurrent(db: Db, viewer: Viewer, wanted: { entity: SyncEntityName; id: string }[]): Promise<Change[]> {
  const settings = wanted.some((w) => w.entity === 'orgSigningSettings' && w.id === viewer.orgId) ? await orgSettingsRows(db, viewer, 'orgSigningSettings') : [];
  const ids = wanted.filter((w) => w.entity === 'signatureRequest').map((w) => w.id);
  if (ids.length === 0) return settings;
  const orgs = new Map((await db.selectFrom('signature_requests').select(['id', 'org_id']).where('id', 'in', ids).execute()).map((r) => [r.id, r.org_id]));
  const requests: Change[] = (await loadRequests(db, ids))
    .filter((r) => mayViewRequest(viewer, orgs.get(r.id) ?? '', r))
    .map((r) => ({ entity: 'signatureRequest', id: r.id, op: 'upsert', data: r }));
  return [...settings, ...requests];
}
