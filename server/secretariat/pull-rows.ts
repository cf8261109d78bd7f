/**
 * Pull for the secretariat entities (snapshot pages and current rows for the change log),
 * plus the confidential-document filter used for documents. Called from server/sync/pull.ts.
 */
import type { Change, SyncEntityName } from '../../shared/api';
import type { Db } from '../db/open';
import type { Viewer } from '../sync/access';
import { filteredPage, readableDocumentIds, readableDocuments } from './document-access';
import { toDocumentVersion, toMeetingChange, toMinutes, toNotice, toTask } from './rows';

export const SECRETARIAT_ENTITIES = ['documentVersion', 'meetingChange', 'minutes', 'task', 'notice'] as const satisfies readonly SyncEntityName[];

/** A keyset page of readable documents of the given meetings. */
export async function documentSnapshotRows(db: Db, viewer: Viewer, meetings: string[], after: string, limit: number): Promise<Change[]> {
  const docs = await filteredPage(
    (a, n) => db.selectFrom('documents').selectAll().where('meeting_id', 'in', meetings).where('id', '>', a).orderBy('id').limit(n).execute(),
    (rows) => readableDocuments(db, viewer, rows),
    after,
    limit,
  );
  return docs.map((d) => ({ entity: 'document', id: d.id, op: 'upsert', data: d }));
}

const versionsQuery = (db: Db) =>
  db
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .selectAll('document_versions')
    .select('documents.meeting_id as meeting_id')
    .where('document_versions.uid', 'is not', null);

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsQuery>['execute']>>[number];

async function readableVersions(db: Db, viewer: Viewer, rows: VersionRow[]): Promise<Change[]> {
  const ok = await readableDocumentIds(db, viewer, [...new Set(rows.map((r) => r.document_id))]);
  return rows
    .filter((r) => ok.has(r.document_id))
    .map((r) => ({ entity: 'documentVersion', id: r.uid!, op: 'upsert', data: toDocumentVersion(r, r.meeting_id) }));
}

/** One snapshot page of a secretariat entity in the viewer's visible meetings. */
export async function secretariatSnapshotRows(
  db: Db,
  viewer: Viewer,
  meetings: string[],
  entity: SyncEntityName,
  after: string,
  limit: number,
): Promise<Change[]> {
  if (meetings.length === 0) return [];
  switch (entity) {
    case 'documentVersion':
      return filteredPage(
        (a, n) =>
          versionsQuery(db)
            .where('documents.meeting_id', 'in', meetings)
            .where('document_versions.uid', '>', a)
            .orderBy('document_versions.uid')
            .limit(n)
            .execute()
            .then((rows) => rows.map((r) => ({ row: r, id: r.uid! }))),
        (rows) => readableVersions(db, viewer, rows.map((r) => r.row)),
        after,
        limit,
      );
    case 'meetingChange': {
      const rows = await db.selectFrom('meeting_changes').selectAll().where('meeting_id', 'in', meetings).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toMeetingChange(r) }));
    }
    case 'minutes': {
      const rows = await db.selectFrom('minutes').selectAll().where('meeting_id', 'in', meetings).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toMinutes(r) }));
    }
    case 'task': {
      const rows = await db.selectFrom('tasks').selectAll().where('meeting_id', 'in', meetings).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toTask(r) }));
    }
    case 'notice': {
      const rows = await db
        .selectFrom('notices')
        .selectAll()
        .where('user_id', '=', viewer.id)
        .where('meeting_id', 'in', meetings)
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ entity, id: r.id, op: 'upsert', data: toNotice(r) }));
    }
  }
  return [];
}

/** Current rows (for change-log pages) of secretariat entities and documents; absent = delete. */
export async function loadSecretariatCurrent(
  db: Db,
  viewer: Viewer,
  meetings: ReadonlySet<string>,
  wanted: { entity: SyncEntityName; id: string }[],
): Promise<Change[]> {
  const ids = (e: SyncEntityName) => wanted.filter((w) => w.entity === e).map((w) => w.id);
  const out: Change[] = [];
  const docIds = ids('document');
  if (docIds.length) {
    const rows = (await db.selectFrom('documents').selectAll().where('id', 'in', docIds).execute()).filter((r) => meetings.has(r.meeting_id));
    for (const d of await readableDocuments(db, viewer, rows)) out.push({ entity: 'document', id: d.id, op: 'upsert', data: d });
  }
  const versionIds = ids('documentVersion');
  if (versionIds.length) {
    const rows = (await versionsQuery(db).where('document_versions.uid', 'in', versionIds).execute()).filter((r) => meetings.has(r.meeting_id));
    out.push(...(await readableVersions(db, viewer, rows)));
  }
  const changeIds = ids('meetingChange');
  if (changeIds.length)
    for (const r of await db.selectFrom('meeting_changes').selectAll().where('id', 'in', changeIds).execute())
      if (meetings.has(r.meeting_id)) out.push({ entity: 'meetingChange', id: r.id, op: 'upsert', data: toMeetingChange(r) });
  const minutesIds = ids('minutes');
  if (minutesIds.length)
    for (const r of await db.selectFrom('minutes').selectAll().where('id', 'in', minutesIds).execute())
      if (meetings.has(r.meeting_id)) out.push({ entity: 'minutes', id: r.id, op: 'upsert', data: toMinutes(r) });
  const taskIds = ids('task');
  if (taskIds.length)
    for (const r of await db.selectFrom('tasks').selectAll().where('id', 'in', taskIds).execute())
      if (meetings.has(r.meeting_id)) out.push({ entity: 'task', id: r.id, op: 'upsert', data: toTask(r) });
  const noticeIds = ids('notice');
  if (noticeIds.length)
    for (const r of await db.selectFrom('notices').selectAll().where('id', 'in', noticeIds).execute())
      if (r.user_id === viewer.id && meetings.has(r.meeting_id)) out.push({ entity: 'notice', id: r.id, op: 'upsert', data: toNotice(r) });
  return out;
}
