/**
 * The audit log as the secretariat reads and exports it: who (full name), what (the action),
 * when, and what changed field by field; filtered by meeting, person, action and days, newest
 * first, one page at a time.
 */
import { auditChanges, type AuditEntry, type AuditQuery, type AuditResponse, type AuditValue } from '../../shared/audit';
import { translate } from '../../shared/i18n';
import { addDays, vietnamInstant } from '../../shared/time/vietnam-time';
import type { Db } from '../db/open';

const DEFAULT_PAGE = 100;

function filtered(db: Db, orgId: string, q: AuditQuery) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    // The organisation's own entries only (server/audit/record-audit.ts says whose each is).
    .where('audit_log.org_id', '=', orgId);
  if (q.meetingId) {
    // Everything about the meeting: the meeting row itself and every row that names it.
    const like = `%${q.meetingId}%`;
    query = query.where((eb) =>
      eb.or([eb('audit_log.entity_id', '=', q.meetingId!), eb('audit_log.before_json', 'like', like), eb('audit_log.after_json', 'like', like)]),
    );
  }
  if (q.userId) query = query.where('audit_log.user_id', '=', q.userId);
  if (q.action) query = query.where('audit_log.action', '=', q.action);
  if (q.from) query = query.where('audit_log.at', '>=', vietnamInstant(q.from).toISOString());
  if (q.to) query = query.where('audit_log.at', '<', vietnamInstant(addDays(q.to, 1)).toISOString());
  return query;
}

const parse = (json: string | null): unknown => (json ? JSON.parse(json) : null);

export async function auditEntries(db: Db, orgId: string, q: AuditQuery): Promise<AuditEntry[]> {
  let query = filtered(db, orgId, q)
    .select(['audit_log.id', 'audit_log.user_id', 'users.full_name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.before_json', 'audit_log.after_json', 'audit_log.at'])
    .orderBy('audit_log.id', 'desc')
    .limit(q.limit ?? DEFAULT_PAGE);
  if (q.beforeId) query = query.where('audit_log.id', '<', q.beforeId);
  const rows = await query.execute();
  return rows.map((r) => {
    const before = parse(r.before_json);
    const after = parse(r.after_json);
    return {
      id: Number(r.id),
      userId: r.user_id,
      userName: r.full_name ?? null,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before,
      after,
      changes: auditChanges(before, after),
      at: r.at,
    };
  });
}

/** One page and what the filters offer: the people who appear in the log. */
export async function auditPage(db: Db, orgId: string, q: AuditQuery): Promise<AuditResponse> {
  const limit = q.limit ?? DEFAULT_PAGE;
  const entries = await auditEntries(db, orgId, { ...q, limit: limit + 1 });
  const more = entries.length > limit;
  const page = more ? entries.slice(0, limit) : entries;
  const people = await db
    .selectFrom('users')
    .select(['id', 'full_name'])
    // Whoever acted in this organisation's entries (a member of several shows in each).
    .where('id', 'in', db.selectFrom('audit_log').select('user_id').distinct().where('user_id', 'is not', null).where('org_id', '=', orgId).$castTo<string>())
    .orderBy('full_name')
    .execute();
  return { entries: page, nextBeforeId: more ? page[page.length - 1].id : null, people: people.map((p) => ({ id: p.id, name: p.full_name })) };
}

const text = (v: AuditValue) => (v === null ? '' : typeof v === 'boolean' ? translate('vi', v ? 'audit.yes' : 'audit.no') : String(v));

const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * CSV with a BOM so spreadsheet programs read the Vietnamese text as UTF-8: the action by its
 * Vietnamese name and what changed as "field: before → after", one field per line of the cell.
 */
export function auditCsv(entries: AuditEntry[]): string {
  const head = ['thoi_diem', 'nguoi_thuc_hien', 'thao_tac', 'doi_tuong', 'ma_doi_tuong', 'thay_doi', 'action'];
  const lines = entries.map((e) =>
    [
      e.at,
      e.userName ?? translate('vi', 'audit.system'),
      actionName('vi', e.action),
      e.entity,
      e.entityId,
      e.changes.map((c) => `${c.field}: ${text(c.before) || '—'} → ${text(c.after) || '—'}`).join('\n'),
      e.action,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The action's name in `locale`; an action without a name shows its code. */
export function actionName(locale: 'vi' | 'en', action: string): string {
  const key = `audit.action.${action}`;
  const name = translate(locale, key);
  return name === key ? action : name;
}
