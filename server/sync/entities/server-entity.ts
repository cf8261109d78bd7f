/**
 * How one synced entity is read for a pull. `load` is THE visibility rule: given ids, it returns
 * the current rows the viewer may see now (an id it leaves out becomes a delete for him). A
 * snapshot page is `scan` (candidate ids in id order, narrowed by the entity's audience so pages
 * stay cheap) followed by the same `load`, so the rule is written once for both.
 */
import type { EntityOf, SyncEntityName } from '../../../shared/sync/entity-registry';
import type { Db } from '../../db/open';
import type { Viewer } from '../access';

export interface PullScope {
  viewer: Viewer;
  /** Meetings the viewer may see now. */
  meetings: ReadonlySet<string>;
}

export interface ServerEntity<N extends SyncEntityName> {
  /** Up to `limit` candidate ids after `after`, in id order (a superset of what `load` keeps). */
  scan(db: Db, scope: PullScope, after: string, limit: number): Promise<string[]>;
  load(db: Db, scope: PullScope, ids: string[]): Promise<EntityOf<N>[]>;
}

/** A row's key in the change log and in snapshot order (a presentation's id is its meeting's). */
export const keyOf = (row: unknown): string => (row as { id: string }).id;

/**
 * One snapshot page of an entity: scans candidates and keeps what `load` lets through, until
 * `limit` rows are found or the candidates run out (a short page means: no more of it).
 */
export async function snapshotPage<N extends SyncEntityName>(
  entity: ServerEntity<N>,
  db: Db,
  scope: PullScope,
  after: string,
  limit: number,
): Promise<EntityOf<N>[]> {
  const out: EntityOf<N>[] = [];
  let cursor = after;
  for (;;) {
    const ids = await entity.scan(db, scope, cursor, limit);
    if (ids.length > 0) {
      const byId = new Map((await entity.load(db, scope, ids)).map((r) => [keyOf(r), r]));
      for (const id of ids) {
        const row = byId.get(id);
        if (row) out.push(row);
      }
    }
    if (ids.length < limit || out.length >= limit) return out.slice(0, limit);
    cursor = ids[ids.length - 1];
  }
}

/**
 * One entity read for a user of several organisations: what each of his memberships may see,
 * together (candidates merged in id order; a row is the first membership's that lets it through).
 */
export function acrossScopes<N extends SyncEntityName>(entity: ServerEntity<N>, scopes: readonly PullScope[]): ServerEntity<N> {
  if (scopes.length === 1) {
    const [only] = scopes;
    return { scan: (db, _s, after, limit) => entity.scan(db, only, after, limit), load: (db, _s, ids) => entity.load(db, only, ids) };
  }
  return {
    scan: async (db, _s, after, limit) => {
      const all = new Set<string>();
      for (const s of scopes) for (const id of await entity.scan(db, s, after, limit)) all.add(id);
      return [...all].sort(byCodePoint).slice(0, limit);
    },
    load: async (db, _s, ids) => {
      const found = new Map<string, EntityOf<N>>();
      for (const s of scopes) {
        const rest = ids.filter((id) => !found.has(id));
        if (rest.length === 0) break;
        for (const r of await entity.load(db, s, rest)) found.set(keyOf(r), r);
      }
      return [...found.values()];
    },
  };
}

/** The databases order text by code point (SQLite; PostgreSQL with the C collation). */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
