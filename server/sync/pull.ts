/**
 * Pull: a paged snapshot of everything the caller may see, then incremental changes from
 * the change log, each turned into the entity's current row (or a delete), filtered by the
 * caller's rights at read time.
 */
import type { Change, PullResponse, SyncEntityName } from '../../shared/api';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { scopeVisible, visibleMeetingIds, type Viewer } from './access';
import { compactedThrough, currentSeq } from './changelog';
import { documentSnapshotRows, loadSecretariatCurrent, SECRETARIAT_ENTITIES, secretariatSnapshotRows } from '../secretariat/pull-rows';
import { toAgendaItem, toDocumentView, toMeeting, toOrganization, toParticipant, toUserProfile } from './rows';
import { ANNOTATION_ENTITIES, annotationSnapshotRows, loadAnnotationCurrent } from '../annotations/pull-rows';
import { loadSigningCurrent, SIGNING_ENTITIES, signingSnapshotRows } from '../signing-workflow/pull-rows';
import { loadOpinionCurrent, opinionSnapshotRows, WRITTEN_OPINION_ENTITIES } from '../written-opinions/pull-rows';

export const DEFAULT_PULL_LIMIT = 500;

/** Parents first: a client applying upserts in this order never sees an orphan. */
// New entities go at the end: snapshot cursors hold an index into this list.
const ENTITY_ORDER: SyncEntityName[] = ['organization', 'user', 'meeting', 'participant', 'agendaItem', 'document', 'documentView', ...SECRETARIAT_ENTITIES, ...ANNOTATION_ENTITIES, ...SIGNING_ENTITIES, ...WRITTEN_OPINION_ENTITIES];
const rank = (e: SyncEntityName) => ENTITY_ORDER.indexOf(e);

type CursorState = { kind: 'snapshot'; base: number; type: number; after: string } | { kind: 'log'; seq: number };

export function encodeCursor(c: CursorState): string {
  const raw = c.kind === 'snapshot' ? `s|${c.base}|${c.type}|${c.after}` : `c|${c.seq}`;
  return Buffer.from(raw, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CursorState {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const parts = raw.split('|');
  const int = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : NaN);
  if (parts[0] === 'c' && parts.length === 2 && !Number.isNaN(int(parts[1]))) return { kind: 'log', seq: int(parts[1]) };
  if (parts[0] === 's' && parts.length === 4) {
    const base = int(parts[1]);
    const type = int(parts[2]);
    if (!Number.isNaN(base) && !Number.isNaN(type) && type < ENTITY_ORDER.length) return { kind: 'snapshot', base, type, after: parts[3] };
  }
  // An unreadable cursor (e.g. from an older server) is safest answered by "start over".
  throw new AppError('cursor_expired', 'unreadable cursor');
}

export async function pull(db: Db, viewer: Viewer, cursor: string | undefined, limit = DEFAULT_PULL_LIMIT): Promise<PullResponse> {
  const head = await currentSeq(db);
  if (!cursor) return snapshotPage(db, viewer, { kind: 'snapshot', base: head, type: 0, after: '' }, limit, head);
  const state = decodeCursor(cursor);
  const floor = await compactedThrough(db);
  const at = state.kind === 'log' ? state.seq : state.base;
  // Older than the compacted log, or from a different (reset) database: start over.
  if (at < floor || at > head) throw new AppError('cursor_expired', 'cursor is older than the change log', { floor });
  return state.kind === 'snapshot' ? snapshotPage(db, viewer, state, limit, head) : logPage(db, viewer, state.seq, limit);
}

async function snapshotPage(
  db: Db,
  viewer: Viewer,
  state: Extract<CursorState, { kind: 'snapshot' }>,
  limit: number,
  head: number,
): Promise<PullResponse> {
  const meetings = [...(await visibleMeetingIds(db, viewer))];
  const changes: Change[] = [];
  let { type, after } = state;
  while (type < ENTITY_ORDER.length && changes.length < limit) {
    const want = limit - changes.length;
    const rows = await snapshotRows(db, viewer, meetings, ENTITY_ORDER[type], after, want);
    changes.push(...rows);
    if (rows.length < want) {
      type += 1;
      after = '';
    } else {
      after = rows[rows.length - 1].id;
    }
  }
  if (type >= ENTITY_ORDER.length) {
    return { changes, cursor: encodeCursor({ kind: 'log', seq: state.base }), hasMore: head > state.base };
  }
  return { changes, cursor: encodeCursor({ kind: 'snapshot', base: state.base, type, after }), hasMore: true };
}

/** One keyset page (ordered by id, after `after`) of one entity type the viewer may see. */
async function snapshotRows(db: Db, viewer: Viewer, meetings: string[], entity: SyncEntityName, after: string, limit: number): Promise<Change[]> {
  switch (entity) {
    case 'organization': {
      const rows = await db.selectFrom('organizations').selectAll().where('id', '=', viewer.orgId).where('id', '>', after).execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toOrganization(r) }));
    }
    case 'user': {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'org_id', 'username', 'full_name', 'title', 'role'])
        .where('org_id', '=', viewer.orgId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toUserProfile(r) }));
    }
    case 'documentView': {
      const rows = await db
        .selectFrom('document_views')
        .selectAll()
        .where('user_id', '=', viewer.id)
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toDocumentView(r) }));
    }
  }
  // Signature requests are not per meeting (a signer need not take part in it).
  if ((SIGNING_ENTITIES as readonly SyncEntityName[]).includes(entity)) return signingSnapshotRows(db, viewer, entity, after, limit);
  // Written opinion requests (issue 6) are not per meeting either.
  if ((WRITTEN_OPINION_ENTITIES as readonly SyncEntityName[]).includes(entity)) return opinionSnapshotRows(db, viewer, entity, after, limit);
  if (meetings.length === 0) return [];
  switch (entity) {
    case 'meeting': {
      const rows = await db.selectFrom('meetings').selectAll().where('id', 'in', meetings).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toMeeting(r) }));
    }
    case 'participant': {
      const rows = await db.selectFrom('participants').selectAll().where('meeting_id', 'in', meetings).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toParticipant(r) }));
    }
    case 'agendaItem': {
      const rows = await db.selectFrom('agenda_items').selectAll().where('meeting_id', 'in', meetings).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toAgendaItem(r) }));
    }
    case 'document':
      // Confidential documents only for their readers (issue 3).
      return documentSnapshotRows(db, viewer, meetings, after, limit);
  }
  if ((ANNOTATION_ENTITIES as readonly SyncEntityName[]).includes(entity)) return annotationSnapshotRows(db, viewer, meetings, entity, after, limit);
  return secretariatSnapshotRows(db, viewer, meetings, entity, after, limit);
}

async function logPage(db: Db, viewer: Viewer, fromSeq: number, limit: number): Promise<PullResponse> {
  const rows = await db.selectFrom('change_log').selectAll().where('seq', '>', fromSeq).orderBy('seq').limit(limit).execute();
  if (rows.length === 0) return { changes: [], cursor: encodeCursor({ kind: 'log', seq: fromSeq }), hasMore: false };
  const lastSeq = Number(rows[rows.length - 1].seq);
  const meetings = await visibleMeetingIds(db, viewer);

  // Coalesce: one change per entity, at its first position in the page, showing its current state.
  const wanted = new Map<string, { entity: SyncEntityName; id: string; seq: number }>();
  for (const r of rows) {
    if (!scopeVisible(viewer, r.scope, meetings)) continue;
    const key = `${r.entity}:${r.entity_id}`;
    if (!wanted.has(key)) wanted.set(key, { entity: r.entity as SyncEntityName, id: r.entity_id, seq: Number(r.seq) });
  }
  const current = await loadCurrent(db, viewer, meetings, [...wanted.values()]);
  const upserts: { change: Change; seq: number }[] = [];
  const deletes: { change: Change; seq: number }[] = [];
  for (const w of wanted.values()) {
    const data = current.get(`${w.entity}:${w.id}`);
    if (data) upserts.push({ change: data, seq: w.seq });
    else deletes.push({ change: { entity: w.entity, id: w.id, op: 'delete' } as Change, seq: w.seq });
  }
  // Deletes first, children before parents; then upserts, parents before children.
  deletes.sort((a, b) => rank(b.change.entity) - rank(a.change.entity) || a.seq - b.seq);
  upserts.sort((a, b) => rank(a.change.entity) - rank(b.change.entity) || a.seq - b.seq);
  const more = rows.length === limit;
  return { changes: [...deletes, ...upserts].map((c) => c.change), cursor: encodeCursor({ kind: 'log', seq: lastSeq }), hasMore: more };
}

/** Current rows the viewer may see, keyed "entity:id"; absent = gone or not visible (→ delete). */
async function loadCurrent(
  db: Db,
  viewer: Viewer,
  meetings: ReadonlySet<string>,
  wanted: { entity: SyncEntityName; id: string }[],
): Promise<Map<string, Change>> {
  const ids = (e: SyncEntityName) => wanted.filter((w) => w.entity === e).map((w) => w.id);
  const out = new Map<string, Change>();
  const put = (c: Change) => out.set(`${c.entity}:${c.id}`, c);
  const some = (list: string[]) => list.length > 0;

  const orgIds = ids('organization');
  if (some(orgIds))
    for (const r of await db.selectFrom('organizations').selectAll().where('id', 'in', orgIds).execute())
      if (r.id === viewer.orgId) put({ entity: 'organization', id: r.id, op: 'upsert', data: toOrganization(r) });
  const userIds = ids('user');
  if (some(userIds))
    for (const r of await db.selectFrom('users').select(['id', 'org_id', 'username', 'full_name', 'title', 'role']).where('id', 'in', userIds).execute())
      if (r.org_id === viewer.orgId) put({ entity: 'user', id: r.id, op: 'upsert', data: toUserProfile(r) });
  const meetingIds = ids('meeting');
  if (some(meetingIds))
    for (const r of await db.selectFrom('meetings').selectAll().where('id', 'in', meetingIds).execute())
      if (meetings.has(r.id)) put({ entity: 'meeting', id: r.id, op: 'upsert', data: toMeeting(r) });
  const participantIds = ids('participant');
  if (some(participantIds))
    for (const r of await db.selectFrom('participants').selectAll().where('id', 'in', participantIds).execute())
      if (meetings.has(r.meeting_id)) put({ entity: 'participant', id: r.id, op: 'upsert', data: toParticipant(r) });
  const agendaIds = ids('agendaItem');
  if (some(agendaIds))
    for (const r of await db.selectFrom('agenda_items').selectAll().where('id', 'in', agendaIds).execute())
      if (meetings.has(r.meeting_id)) put({ entity: 'agendaItem', id: r.id, op: 'upsert', data: toAgendaItem(r) });
  // Documents (with the confidential filter) and the secretariat entities (issue 3).
  for (const c of await loadSecretariatCurrent(db, viewer, meetings, wanted)) put(c);
  for (const c of await loadAnnotationCurrent(db, viewer, meetings, wanted)) put(c);
  for (const c of await loadSigningCurrent(db, viewer, wanted)) put(c);
  for (const c of await loadOpinionCurrent(db, viewer, wanted)) put(c);
  const viewIds = ids('documentView');
  if (some(viewIds))
    for (const r of await db.selectFrom('document_views').selectAll().where('id', 'in', viewIds).execute())
      if (r.user_id === viewer.id) put({ entity: 'documentView', id: r.id, op: 'upsert', data: toDocumentView(r) });
  return out;
}
