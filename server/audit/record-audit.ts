/** Writes one audit-log row (who, what, when, before/after); every server write path uses it. */
import type { Db } from '../db/open';

export interface AuditRecord {
  /** The acting user; null for the system (seeding, scheduler, command line). */
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at: string;
}

export async function recordAudit(db: Db, r: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: r.userId,
      action: r.action,
      entity: r.entity,
      entity_id: r.entityId,
      before_json: r.before === undefined ? null : JSON.stringify(r.before),
      after_json: r.after === undefined ? null : JSON.stringify(r.after),
      at: r.at,
    })
    .execute();
}
