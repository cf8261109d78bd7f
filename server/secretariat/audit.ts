/**
 * The audit log as the secretariat reads and exports it: who (full name), what (the action),
 * when, and what changed field by field; filtered by meeting, person, action and days, newest
 * first, one page at a time.
 */
import { auditChanges, codeNameKey, fieldNameOf, idsIn, namedIds, type AuditEntry, type AuditQuery, type AuditResponse, type AuditValue } from '../../shared/audit';
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
  const entries = rows.map((r) => {
    const before = parse(r.before_json);
    const after = parse(r.after_json);
    const changes = auditChanges(before, after);
    return {
      id: Number(r.id),
      userId: r.user_id,
      userName: r.full_name ?? null,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before,
      after,
      changes,
      names: {} as Record<string, string>,
      at: r.at,
    };
  });
  const idsOf = entries.map((e) => e.changes.flatMap(idsIn));
  const names = await namesOf(db, orgId, new Set(idsOf.flat()));
  for (const [i, e] of entries.entries()) {
    for (const id of idsOf[i]) {
      const name = names.get(id);
      if (name !== undefined) e.names[id] = name;
    }
  }
  return entries;
}

/**
 * What the ids of a page of entries name, within the organisation: its people (members), its
 * meetings and their agenda items and documents, and itself. One query per kind of record.
 */
async function namesOf(db: Db, orgId: string, ids: Set<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.size === 0) return names;
  const list = [...ids];
  const add = (rows: { id: string; name: string }[]) => rows.forEach((r) => names.set(r.id, r.name));
  const meetingsOfOrg = db.selectFrom('meetings').select('id').where('org_id', '=', orgId);
  add(await db.selectFrom('users').innerJoin('organisation_members as om', 'om.user_id', 'users.id').select(['users.id', 'users.full_name as name']).where('om.org_id', '=', orgId).where('users.id', 'in', list).execute());
  add(await db.selectFrom('meetings').select(['id', 'title as name']).where('org_id', '=', orgId).where('id', 'in', list).execute());
  add(await db.selectFrom('agenda_items').select(['id', 'title as name']).where('meeting_id', 'in', meetingsOfOrg).where('id', 'in', list).execute());
  add(await db.selectFrom('documents').select(['id', 'title as name']).where('meeting_id', 'in', meetingsOfOrg).where('id', 'in', list).execute());
  add(await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', orgId).where('id', 'in', list).execute());
  return names;
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
 * Vietnamese name and what changed as "field: before → after", one field per line of the cell,
 * as the audit screen says it (fields and codes by their Vietnamese names, ids by what they name;
 * times stay ISO 8601, which sorts).
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
      e.changes.map((c) => `${fieldName(c.field)}: ${named(e, c, c.before) || '—'} → ${named(e, c, c.after) || '—'}`).join('\n'),
      e.action,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The UI string `key` in `locale`, or `fallback` (a code) when there is none. */
function nameOr(locale: 'vi' | 'en', key: string, fallback: string): string {
  const name = translate(locale, key);
  return name === key ? fallback : name;
}

/** A field by its Vietnamese name (audit.field, part by part), or its code when it has none. */
const fieldName = (field: string) => fieldNameOf(field, (part) => nameOr('vi', `audit.field.${part}`, part));

/** A value as the audit screen says it: a code by its Vietnamese name, ids by what they name (the entry's names). */
function named(e: AuditEntry, c: AuditEntry['changes'][number], v: AuditValue): string {
  const code = codeNameKey(e.entity, c.field, v);
  if (code) return nameOr('vi', code, text(v));
  return namedIds(c.field, v, e.names) ?? text(v);
}

/** The action's name in `locale`; an action without a name shows its code. */
export const actionName = (locale: 'vi' | 'en', action: string) => nameOr(locale, `audit.action.${action}`, action);
