/**
 * Confidential documents: besides the secretariat, only the users on a document's
 * reader list may receive its row, its versions or its bytes. Everything else about a
 * document follows the meeting's visibility (server/sync/access.ts).
 */
import type { Document } from '../../shared/entities';
import { isSecretariat } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import type { DocumentRow } from '../db/schema';
import type { Role } from '../../shared/entities';

/** The caller (same shape as Viewer in server/sync/access.ts, which imports this module). */
interface Viewer {
  id: string;
  role: Role;
}
import { toDocument } from '../sync/rows';

type DocLike = Pick<DocumentRow, 'id' | 'classification'>;

/** Reader lists of the confidential documents among `docs`. */
export async function readersOf(db: Db, docs: readonly DocLike[]): Promise<Map<string, string[]>> {
  const ids = docs.filter((d) => d.classification === 'confidential').map((d) => d.id);
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('document_readers').select(['document_id', 'user_id']).where('document_id', 'in', ids).orderBy('user_id').execute();
  for (const r of rows) out.get(r.document_id)!.push(r.user_id);
  return out;
}

export function mayReadDocument(viewer: Viewer, doc: DocLike, readers: ReadonlyMap<string, string[]>): boolean {
  if (doc.classification !== 'confidential' || isSecretariat(viewer.role)) return true;
  return readers.get(doc.id)?.includes(viewer.id) ?? false;
}

/** The documents among `rows` the viewer may read, as entities (with their reader lists). */
export async function readableDocuments(db: Db, viewer: Viewer, rows: DocumentRow[]): Promise<Document[]> {
  const readers = await readersOf(db, rows);
  return rows.filter((r) => mayReadDocument(viewer, r, readers)).map((r) => toDocument(r, readers.get(r.id) ?? []));
}

/** Ids of the documents among `docIds` the viewer may read (meeting visibility NOT checked here). */
export async function readableDocumentIds(db: Db, viewer: Viewer, docIds: string[]): Promise<Set<string>> {
  if (docIds.length === 0) return new Set();
  const rows = await db.selectFrom('documents').select(['id', 'classification']).where('id', 'in', docIds).execute();
  const readers = await readersOf(db, rows);
  return new Set(rows.filter((r) => mayReadDocument(viewer, r, readers)).map((r) => r.id));
}
