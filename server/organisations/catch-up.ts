/**
 * When a person joins an organisation (or his role there changes), what he may now see of it
 * already exists, with change-log positions his client's cursor is past: it is handed to him
 * privately (re-logged in his own `user:` scope), so his next incremental pull brings it, no
 * re-snapshot needed. What his old role there showed and the new one does not is logged as a
 * delete in the same scope (the pull turns it back into an upsert if another membership still
 * shows it).
 */
import { SYNC_ENTITY_NAMES, type SyncEntityName } from '../../shared/sync/entity-registry';
import type { Db } from '../db/open';
import { scopeOf, visibleMeetingIds, type Viewer } from '../sync/access';
import type { ChangeRecorder } from '../sync/changelog';
import { SERVER_ENTITIES } from '../sync/entities/registry';
import { keyOf, snapshotPage, type PullScope, type ServerEntity } from '../sync/entities/server-entity';

const PAGE = 500;

/** Every row id, per entity in snapshot order, that this one membership may see now. */
async function visibleIds(db: Db, viewer: Viewer): Promise<Map<SyncEntityName, string[]>> {
  const scope: PullScope = { viewer, meetings: await visibleMeetingIds(db, viewer) };
  const out = new Map<SyncEntityName, string[]>();
  for (const name of SYNC_ENTITY_NAMES) {
    const entity = SERVER_ENTITIES[name] as ServerEntity<typeof name>;
    const ids: string[] = [];
    let after = '';
    for (;;) {
      const rows = await snapshotPage(entity, db, scope, after, PAGE);
      ids.push(...rows.map(keyOf));
      if (rows.length < PAGE) break;
      after = keyOf(rows[rows.length - 1]);
    }
    out.set(name, ids);
  }
  return out;
}

export async function handOverOrganisation(trx: Db, rec: ChangeRecorder, after: Viewer, before?: Viewer): Promise<void> {
  const now = await visibleIds(trx, after);
  const was = before ? await visibleIds(trx, before) : new Map<SyncEntityName, string[]>();
  const scope = scopeOf.user(after.id);
  for (const name of SYNC_ENTITY_NAMES) {
    const keep = new Set(now.get(name) ?? []);
    for (const id of was.get(name) ?? []) if (!keep.has(id)) await rec.log(name, id, 'delete', scope);
  }
  for (const name of SYNC_ENTITY_NAMES) for (const id of now.get(name) ?? []) await rec.log(name, id, 'upsert', scope);
}
