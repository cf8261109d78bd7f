/**
 * Pull for annotations and presentations (called from server/sync/pull.ts). A private
 * annotation reaches only its author; a shared copy every participant who may read the
 * document (confidential reader lists apply); both only while the document is readable.
 */
import type { Change, SyncEntityName } from '../../shared/api';
import type { Db } from '../db/open';
import type { AnnotationsTable } from '../db/schema';
import type { Viewer } from '../sync/access';
import { readableDocumentIds } from '../secretariat/document-access';
import { toAnnotation, toPresentation } from './rows';

export const ANNOTATION_ENTITIES = ['annotation', 'presentation'] as const satisfies readonly SyncEntityName[];

async function visibleAnnotations(db: Db, viewer: Viewer, meetings: ReadonlySet<string>, rows: AnnotationsTable[]): Promise<Change[]> {
  const candidates = rows.filter((r) => meetings.has(r.meeting_id) && (r.shared_from_id !== null || r.user_id === viewer.id));
  const readable = await readableDocumentIds(db, viewer, [...new Set(candidates.map((r) => r.document_id))]);
  return candidates.filter((r) => readable.has(r.document_id)).map((r) => ({ entity: 'annotation', id: r.id, op: 'upsert', data: toAnnotation(r) }));
}

export async function annotationSnapshotRows(db: Db, viewer: Viewer, meetings: string[], entity: SyncEntityName, after: string, limit: number): Promise<Change[]> {
  if (meetings.length === 0) return [];
  const set = new Set(meetings);
  if (entity === 'annotation') {
    const out: Change[] = [];
    let cursor = after;
    for (;;) {
      // Own private rows (not tombstones: a fresh cache has nothing to delete) and shared copies.
      const raw = await db
        .selectFrom('annotations')
        .selectAll()
        .where('meeting_id', 'in', meetings)
        .where('deleted', '=', 0)
        .where((eb) => eb.or([eb('user_id', '=', viewer.id), eb('shared_from_id', 'is not', null)]))
        .where('id', '>', cursor)
        .orderBy('id')
        .limit(limit)
        .execute();
      out.push(...(await visibleAnnotations(db, viewer, set, raw)));
      if (raw.length < limit || out.length >= limit) return out.slice(0, limit);
      cursor = raw[raw.length - 1].id;
    }
  }
  if (entity === 'presentation') {
    const rows = await db.selectFrom('presentations').selectAll().where('meeting_id', 'in', meetings).where('meeting_id', '>', after).orderBy('meeting_id').limit(limit).execute();
    const readable = await readableDocumentIds(db, viewer, rows.flatMap((r) => (r.document_id ? [r.document_id] : [])));
    return rows.map((r) => ({ entity: 'presentation', id: r.meeting_id, op: 'upsert', data: toPresentation(r, !r.document_id || readable.has(r.document_id)) }));
  }
  return [];
}

export async function loadAnnotationCurrent(db: Db, viewer: Viewer, meetings: ReadonlySet<string>, wanted: { entity: SyncEntityName; id: string }[]): Promise<Change[]> {
  const ids = (e: SyncEntityName) => wanted.filter((w) => w.entity === e).map((w) => w.id);
  const out: Change[] = [];
  const annotationIds = ids('annotation');
  if (annotationIds.length) out.push(...(await visibleAnnotations(db, viewer, meetings, await db.selectFrom('annotations').selectAll().where('id', 'in', annotationIds).execute())));
  const presentationIds = ids('presentation');
  if (presentationIds.length) {
    const rows = (await db.selectFrom('presentations').selectAll().where('meeting_id', 'in', presentationIds).execute()).filter((r) => meetings.has(r.meeting_id));
    const readable = await readableDocumentIds(db, viewer, rows.flatMap((r) => (r.document_id ? [r.document_id] : [])));
    for (const r of rows) out.push({ entity: 'presentation', id: r.meeting_id, op: 'upsert', data: toPresentation(r, !r.document_id || readable.has(r.document_id)) });
  }
  return out;
}
