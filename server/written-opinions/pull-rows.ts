/**
 * Pull of written opinion requests (called from server/sync/pull.ts). Not per meeting: the
 * members asked need not take part in any meeting.
 */
import type { Change, SyncEntityName } from '../../shared/api';
import { isSecretariat } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import type { Viewer } from '../sync/access';
import { loadOpinionRequests } from './rows';

export const WRITTEN_OPINION_ENTITIES = ['opinionRequest'] as const satisfies readonly SyncEntityName[];

export async function opinionSnapshotRows(db: Db, viewer: Viewer, entity: SyncEntityName, after: string, limit: number): Promise<Change[]> {
  if (entity !== 'opinionRequest') return [];
  let q = db.selectFrom('opinion_requests').select('id').where('org_id', '=', viewer.orgId).where('id', '>', after);
  if (!isSecretariat(viewer.role)) {
    const asked = db.selectFrom('opinion_recipients').select('request_id').where('user_id', '=', viewer.id);
    q = q.where((eb) => eb.or([eb('id', 'in', asked), eb('instructed_by', '=', viewer.id)]));
  }
  const ids = (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
  return (await loadOpinionRequests(db, viewer, ids)).map((r) => ({ entity: 'opinionRequest', id: r.id, op: 'upsert', data: r }));
}

export async function loadOpinionCurrent(db: Db, viewer: Viewer, wanted: { entity: SyncEntityName; id: string }[]): Promise<Change[]> {
  const ids = wanted.filter((w) => w.entity === 'opinionRequest').map((w) => w.id);
  return (await loadOpinionRequests(db, viewer, ids)).map((r) => ({ entity: 'opinionRequest', id: r.id, op: 'upsert', data: r }));
}
