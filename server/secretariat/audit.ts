/** The audit log as the secretariat reads and exports it (who, what, when, before/after). */
import type { AuditEntry } from '../../shared/secretariat';
import type { Db } from '../db/open';

export async function auditEntries(db: Db, orgId: string, q: { meetingId?: string; limit?: number }): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select([
      'audit_log.id',
      'audit_log.user_id',
      'users.full_name',
      'users.org_id',
      'audit_log.action',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.before_json',
      'audit_log.after_json',
      'audit_log.at',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(q.limit ?? 500);
  if (q.meetingId) {
    // Everything about the meeting: the meeting row itself and every row that names it.
    const like = `%${q.meetingId}%`;
    query = query.where((eb) =>
      eb.or([eb('audit_log.entity_id', '=', q.meetingId!), eb('audit_log.before_json', 'like', like), eb('audit_log.after_json', 'like', like)]),
    );
  }
  const rows = await query.execute();
  return rows
    .filter((r) => r.org_id === null || r.org_id === orgId)
    .map((r) => ({
      id: Number(r.id),
      userId: r.user_id,
      userName: r.full_name ?? null,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
      at: r.at,
    }));
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a BOM so spreadsheet programs read the Vietnamese text as UTF-8. */
export function auditCsv(entries: AuditEntry[]): string {
  const head = ['at', 'user_id', 'user_name', 'action', 'entity', 'entity_id', 'before', 'after'];
  const lines = entries.map((e) => [e.at, e.userId, e.userName, e.action, e.entity, e.entityId, e.before, e.after].map(cell).join(','));
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}
