/**
 * Pull: a paged snapshot of everything the caller may see, then incremental changes from
 * the change log, each turned into the entity's current row (or a delete), filtered by the
 * caller's rights at read time.
 */
import type { Change, PullResponse, SyncEntityName } from '../../shared/api';
import { entityRank, SYNC_ENTITY_NAMES, type EntityOf } from '../../shared/sync/entity-registry';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { scopeVisible, visibleMeetingIds, type Viewer } from './access';
import { compactedThrough, currentSeq } from './changelog';
import { SERVER_ENTITIES } from './entities/registry';
import { acrossScopes, keyOf, snapshotPage as entitySnapshotPage, type PullScope, type ServerEntity } from './entities/server-entity';

export const DEFAULT_PULL_LIMIT = 500;

/** Parents first (the registry's order): a client applying upserts in this order never sees an orphan. */
const ENTITY_ORDER = SYNC_ENTITY_NAMES;
const rank = entityRank;
const serverEntity = <N extends SyncEntityName>(name: N) => SERVER_ENTITIES[name] as ServerEntity<N>;
const asChange = <N extends SyncEntityName>(entity: N, row: EntityOf<N>): Change => ({ entity, id: keyOf(row), op: 'upsert', data: row }) as Change;

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

/** The viewers of one user, one per organisation he belongs to (server/organisations/membership.ts). */
type Viewers = readonly Viewer[];

const scopesOf = async (db: Db, viewers: Viewers): Promise<PullScope[]> =>
  Promise.all(viewers.map(async (viewer) => ({ viewer, meetings: await visibleMeetingIds(db, viewer) })));

export async function pull(db: Db, viewers: Viewers, cursor: string | undefined, limit = DEFAULT_PULL_LIMIT): Promise<PullResponse> {
  const head = await currentSeq(db);
  if (!cursor) return snapshotPage(db, viewers, { kind: 'snapshot', base: head, type: 0, after: '' }, limit, head);
  const state = decodeCursor(cursor);
  const floor = await compactedThrough(db);
  const at = state.kind === 'log' ? state.seq : state.base;
  // Older than the compacted log, or from a different (reset) database: start over.
  if (at < floor || at > head) throw new AppError('cursor_expired', 'cursor is older than the change log', { floor });
  return state.kind === 'snapshot' ? snapshotPage(db, viewers, state, limit, head) : logPage(db, viewers, state.seq, limit);
}

async function snapshotPage(
  db: Db,
  viewers: Viewers,
  state: Extract<CursorState, { kind: 'snapshot' }>,
  limit: number,
  head: number,
): Promise<PullResponse> {
  const scopes = await scopesOf(db, viewers);
  const changes: Change[] = [];
  let { type, after } = state;
  while (type < ENTITY_ORDER.length && changes.length < limit) {
    const want = limit - changes.length;
    const rows = await snapshotRows(db, scopes, ENTITY_ORDER[type], after, want);
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
async function snapshotRows(db: Db, scopes: PullScope[], entity: SyncEntityName, after: string, limit: number): Promise<Change[]> {
  const rows = await entitySnapshotPage(acrossScopes(serverEntity(entity), scopes), db, scopes[0], after, limit);
  return rows.map((r) => asChange(entity, r));
}

async function logPage(db: Db, viewers: Viewers, fromSeq: number, limit: number): Promise<PullResponse> {
  const rows = await db.selectFrom('change_log').selectAll().where('seq', '>', fromSeq).orderBy('seq').limit(limit).execute();
  if (rows.length === 0) return { changes: [], cursor: encodeCursor({ kind: 'log', seq: fromSeq }), hasMore: false };
  const lastSeq = Number(rows[rows.length - 1].seq);
  const scopes = await scopesOf(db, viewers);

  // Coalesce: one change per entity, at its first position in the page, showing its current state.
  const wanted = new Map<string, { entity: SyncEntityName; id: string; seq: number }>();
  for (const r of rows) {
    if (!scopes.some((s) => scopeVisible(s.viewer, r.scope, s.meetings))) continue;
    const key = `${r.entity}:${r.entity_id}`;
    if (!wanted.has(key)) wanted.set(key, { entity: r.entity as SyncEntityName, id: r.entity_id, seq: Number(r.seq) });
  }
  const current = await loadCurrent(db, scopes, [...wanted.values()]);
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
async function loadCurrent(db: Db, scopes: PullScope[], wanted: { entity: SyncEntityName; id: string }[]): Promise<Map<string, Change>> {
  const out = new Map<string, Change>();
  for (const entity of ENTITY_ORDER) {
    const ids = wanted.filter((w) => w.entity === entity).map((w) => w.id);
    if (ids.length === 0) continue;
    for (const row of await acrossScopes(serverEntity(entity), scopes).load(db, scopes[0], ids)) {
      const c = asChange(entity, row);
      out.set(`${c.entity}:${c.id}`, c);
    }
  }
  return out;
}
