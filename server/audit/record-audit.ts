/**
 * Writes one audit-log entry (who, what, when, before/after) as the next link of the hash
 * chain; every server write path uses it. Entries name what was done, never confidential
 * content or ballot choices: callers pass identifiers and metadata, not texts or votes.
 */
import type { Db } from '../db/open';
import { entryHash, GENESIS_HASH } from './chain';

export interface AuditRecord {
  /** The acting user; null for the system (seeding, scheduler, command line). */
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at: string;
  /** The organisation the entry belongs to; else found from `meetingId`, the entity, or the acting user's home. */
  orgId?: string | null;
  /** The meeting the entry is about, when the entity alone does not say. */
  meetingId?: string;
}

/**
 * Reading the chain's head and appending after it must not interleave with another append.
 * Inside a transaction it cannot: Kysely's SQLite driver holds its one connection for the
 * whole transaction, and SQLite serialises writers across processes (a writer whose read
 * became stale gets SQLITE_BUSY and its transaction fails; it never commits a fork). The
 * unique index on prev_hash is the last guard. Outside a transaction we open one.
 */
export async function recordAudit(db: Db, r: AuditRecord): Promise<void> {
  if (db.isTransaction) return append(db, r);
  await db.transaction().execute((trx) => append(trx, r));
}

async function append(trx: Db, r: AuditRecord): Promise<void> {
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const content = {
    user_id: r.userId,
    action: r.action,
    entity: r.entity,
    entity_id: r.entityId,
    before_json: r.before === undefined ? null : JSON.stringify(r.before),
    after_json: r.after === undefined ? null : JSON.stringify(r.after),
    at: r.at,
    // A head without a hash is a broken chain; chaining on an empty string keeps it visible to verify.
    prev_hash: last ? (last.hash ?? '') : GENESIS_HASH,
  };
  await trx
    .insertInto('audit_log')
    .values({ ...content, hash: entryHash(content), org_id: await organisationOf(trx, r) })
    .execute();
}

const meetingOrg = async (db: Db, meetingId: string) => (await db.selectFrom('meetings').select('org_id').where('id', '=', meetingId).executeTakeFirst())?.org_id;

/**
 * Whose entry it is: each organisation reads only its own (secretariat/audit.ts). Decided here
 * once for every writer, from what the entry is about.
 */
async function organisationOf(db: Db, r: AuditRecord): Promise<string | null> {
  if (r.orgId !== undefined) return r.orgId;
  if (r.meetingId) return (await meetingOrg(db, r.meetingId)) ?? null;
  const byEntity = await (async () => {
    switch (r.entity) {
      case 'organization':
        return r.entityId;
      case 'meeting':
      case 'liveMeeting':
        return meetingOrg(db, r.entityId);
      case 'vote': {
        const v = await db.selectFrom('votes').select('meeting_id').where('id', '=', r.entityId).executeTakeFirst();
        return v && meetingOrg(db, v.meeting_id);
      }
      case 'document': {
        const d = await db.selectFrom('documents').select('meeting_id').where('id', '=', r.entityId).executeTakeFirst();
        return d && meetingOrg(db, d.meeting_id);
      }
      case 'signatureRequest':
      case 'opinionRequest':
        return (await db.selectFrom(r.entity === 'signatureRequest' ? 'signature_requests' : 'opinion_requests').select('org_id').where('id', '=', r.entityId).executeTakeFirst())?.org_id;
      case 'user':
        return (await db.selectFrom('users').select('org_id').where('id', '=', r.entityId).executeTakeFirst())?.org_id;
      default:
        return undefined;
    }
  })();
  if (byEntity) return byEntity;
  if (r.userId) return (await db.selectFrom('users').select('org_id').where('id', '=', r.userId).executeTakeFirst())?.org_id ?? null;
  return null;
}
