/**
 * The audit log as people read it: every action the server records (named in shared/i18n/audit.ts,
 * Vietnamese first), the filters and pages of the audit screen, and "what changed" as one
 * before → after pair of plain values per field, never a JSON blob.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant } from './ids';

/** Every action the server writes to the audit log. A new write path adds its action here. */
export const AUDIT_ACTIONS = [
  'meeting.upsert',
  'meeting.publish',
  'meeting.invitationsSent',
  'meeting.start',
  'meeting.close',
  'agendaItem.upsert',
  'agendaItem.delete',
  'participant.upsert',
  'participant.delete',
  'participant.setAttendance',
  'document.upsert',
  'document.delete',
  'document.setReaders',
  'document.markViewed',
  'minutes.save',
  'minutes.exportPdf',
  'task.upsert',
  'task.delete',
  'annotation.create',
  'annotation.update',
  'annotation.delete',
  'blob.upload',
  'blob.convert',
  'blob.original_download',
  'signatureRequest.create',
  'signatureRequest.sign',
  'signatureRequest.return',
  'signatureRequest.cancel',
  'signatureRequest.resend',
  'signatureRequest.issue',
  'orgSigningSettings.update',
  'opinionRequest.send',
  'opinionRequest.remind',
  'opinionRequest.summarize',
  'opinion.answer',
  'live.item',
  'live.speakerGranted',
  'live.speakerRequested',
  'live.speakerWithdrawn',
  'live.speakerFinished',
  'live.speakerRemoved',
  'live.speakerMoved',
  'live.speakerTime',
  'presentation.set',
  'notice.markRead',
  'vote.open',
  'vote.close',
  'vote.resultPdf',
  'decisionRules.update',
  'documentRegister.assign',
  'user.add',
  'user.disable',
  'user.enable',
  'session.revoke',
  'retention.set',
  'demo.seed',
  'organization.add',
  'organization.member',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A field's value as shown: scalars only (lists joined, nested objects flattened into fields). */
export const AuditValue = lazySchema(() => z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditValue = z.infer<typeof AuditValue>;

export const AuditChange = lazySchema(() => z.object({ field: z.string(), before: AuditValue, after: AuditValue }));
export type AuditChange = z.infer<typeof AuditChange>;

const Day = lazySchema(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/));

export const AuditFilter = lazySchema(() => z.object({
  meetingId: Id.optional(),
  userId: Id.optional(),
  action: z.string().max(100).optional(),
  /** Days in Vietnam time, both included. */
  from: Day.optional(),
  to: Day.optional(),
}));
export type AuditFilter = z.infer<typeof AuditFilter>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function scalar(v: unknown): AuditValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => (isPlainObject(x) || Array.isArray(x) ? JSON.stringify(x) : String(x))).join(', ');
  return JSON.stringify(v);
}

/**
 * Flattens nested objects into dotted fields ("seal.width") and lists of records into numbered
 * ones ("steps.1.userId", from 1), so that each reads as a value and never as JSON; lists of
 * plain values stay one field ("a, b").
 */
function flatten(v: unknown, prefix: string, out: Map<string, AuditValue>): void {
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(v) && v.length > 0 && v.every(isPlainObject)) {
    v.forEach((item, i) => flatten(item, `${prefix || 'value'}.${i + 1}`, out));
  } else out.set(prefix || 'value', scalar(v));
}

/** A field's parts that have names ("steps.1.userId": steps, userId); the numbers are places in a list. */
export const namedParts = (field: string) => field.split('.').filter((p) => !/^\d+$/.test(p));

/** A field by its parts' names: "Các bước ký 1 › Người" for "steps.1.userId" (`name` names one part). */
export function fieldNameOf(field: string, name: (part: string) => string): string {
  let text = '';
  for (const part of field.split('.')) text += /^\d+$/.test(part) ? ` ${part}` : `${text ? ' › ' : ''}${name(part)}`;
  return text;
}

/**
 * The fields that differ between before and after (a creation lists every field with an
 * empty "before"; a removal every field with an empty "after"). Bookkeeping fields that change
 * on every write (revision, updatedAt) are left out: they say nothing to a reader.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = new Map<string, AuditValue>();
  const a = new Map<string, AuditValue>();
  if (before !== null && before !== undefined) flatten(before, '', b);
  if (after !== null && after !== undefined) flatten(after, '', a);
  const fields = [...new Set([...b.keys(), ...a.keys()])].filter((f) => !BOOKKEEPING.has(f.split('.').pop()!));
  return fields
    .map((field) => ({ field, before: b.get(field) ?? null, after: a.get(field) ?? null }))
    // Empty either way (a new record's blank field, null then ''): nothing a reader would call a change.
    .filter((c) => c.before !== c.after && !(isEmpty(c.before) && isEmpty(c.after)));
}
const BOOKKEEPING = new Set(['revision', 'updatedAt', 'createdAt']);
const isEmpty = (v: AuditValue) => v === null || v === '';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Fields whose values are codes, by entity (a task's status is not a meeting's), and the group of
 * UI strings (shared/i18n) that names them.
 */
const CODE_NAMES: Record<string, string> = {
  'signatureRequest.status': 'signing.workflow.status',
  'signatureRequest.steps.status': 'signing.workflow.stepStatus',
  'signatureRequest.steps.role': 'signing.workflow.role',
  'meeting.status': 'status',
  'meeting.kind': 'secretariat.kind',
  'task.status': 'secretariat.tasks',
  'document.classification': 'classification',
  'participant.role': 'roles',
  'participant.attendance': 'secretariat.attendance',
};

/** The UI string naming a code value of an entity's field ("status.published"), or null. */
export function codeNameKey(entity: string, field: string, value: AuditValue): string | null {
  const group = CODE_NAMES[`${entity}.${namedParts(field).join('.')}`];
  return group && typeof value === 'string' && value ? `${group}.${value}` : null;
}

/** The record's own id: a field of every entry, which names nothing else. */
export const isOwnId = (field: string) => field === 'id' || field.endsWith('.id');

/**
 * The ids a change points to (a meeting, a person, a document…): its values that are ids (a list
 * is one value, "a, b"), in any field but the record's own id.
 */
export function idsIn(change: AuditChange): string[] {
  if (isOwnId(change.field)) return [];
  return [change.before, change.after].flatMap((v) => (typeof v === 'string' ? v.split(', ').filter((x) => UUID.test(x)) : []));
}

/** A value with its ids by what they name ("a, b" → "Trần Quốc Hưng, Lê Văn An"); null when it holds no id. */
export function namedIds(field: string, v: AuditValue, names: Record<string, string>): string | null {
  if (typeof v !== 'string' || idsIn({ field, before: v, after: null }).length === 0) return null;
  return v.split(', ').map((id) => names[id] ?? id).join(', ');
}

export const AuditEntry = lazySchema(() => z.object({
  id: z.number().int(),
  userId: Id.nullable(),
  /** The person's full name; null for the system (seeding, scheduler, command line). */
  userName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  /** What changed, field by field, as plain values. */
  changes: z.array(AuditChange),
  /**
   * The names of the records the changes point to by id (a meeting's title, a person's full name,
   * a document's or agenda item's title, the organisation's name), those of the caller's
   * organisation only; an id without a name here stays as it is.
   */
  names: z.record(z.string(), z.string()),
  at: Instant,
}));
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = lazySchema(() => AuditFilter.extend({
  /** Paging, newest first: entries older than this id. */
  beforeId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
}));
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditResponse = lazySchema(() => z.object({
  entries: z.array(AuditEntry),
  /** Pass as beforeId for the next (older) page; null on the last page. */
  nextBeforeId: z.number().int().nullable(),
  /** Everyone who appears in the log, for the "who" filter. */
  people: z.array(z.object({ id: Id, name: z.string() })),
}));
export type AuditResponse = z.infer<typeof AuditResponse>;

/** The query string of an audit request ("" when nothing is set). */
export function auditQueryString(q: AuditQuery): string {
  const params = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return params.length ? `?${params.join('&')}` : '';
}
