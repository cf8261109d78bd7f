/** Saving the organisation's retention policy: stored as JSON on its row, sent to clients with it. */
import type { RetentionPolicy } from '../../shared/rules/retention';
import { retentionPolicyOf } from './retention-policy';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/open';
import { scopeOf } from '../sync/access';
import { ChangeRecorder, type LoggedChange } from '../sync/changelog';

/** Stores the policy and logs the organisation row, so every device receives it on its next pull. */
export async function saveRetentionPolicy(
  db: Db,
  orgId: string,
  policy: RetentionPolicy,
  actorId: string | null,
  now: Date,
): Promise<{ policy: RetentionPolicy; logged: LoggedChange[] }> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('organizations').select('retention_json').where('id', '=', orgId).executeTakeFirstOrThrow();
    await trx.updateTable('organizations').set({ retention_json: JSON.stringify(policy) }).where('id', '=', orgId).execute();
    const rec = new ChangeRecorder(trx, nowIso);
    await rec.log('organization', orgId, 'upsert', scopeOf.org(orgId));
    await recordAudit(trx, {
      userId: actorId,
      action: 'retention.set',
      entity: 'organization',
      entityId: orgId,
      before: retentionPolicyOf(before.retention_json),
      after: policy,
      at: nowIso,
    });
    return { policy, logged: rec.logged };
  });
}
