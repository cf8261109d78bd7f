/**
 * The one writer of meeting documents. Every path that creates a document, gives it a new
 * file, changes or removes it (secretariat edits, the minutes export, the signed version at
 * the end of a signing workflow, a vote's result PDF, the demo seed) goes through here, so
 * each write leaves the same trail:
 * - the `documents` row (revision + 1 on every change);
 * - a `document_versions` row for each new file, with the id it travels to clients under;
 * - change-log rows in the meeting's scope, so its participants pull the document and version;
 * - one audit entry: entity `document`, the cause as action, before/after as the shared
 *   Document shape.
 */
import { randomUUID } from 'node:crypto';
import type { Classification } from '../../shared/entities';
import { nextRevision } from '../../shared/mutators/define';
import { nextDocumentVersion } from '../../shared/mutators/documents';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/open';
import type { DocumentRow } from '../db/schema';
import { readersOf } from '../secretariat/document-access';
import { scopeOf } from '../sync/access';
import type { ChangeRecorder } from '../sync/changelog';
import { toDocument } from '../sync/rows';

/** Who writes, inside which transaction, and why. */
export interface DocumentWriter {
  trx: Db;
  rec: ChangeRecorder;
  now: string;
  /** The acting user; null for the system (the demo seed, a vote closed by its timer). */
  userId: string | null;
  /** The audit action naming the cause, e.g. 'document.upsert', 'minutes.exportPdf'. */
  action: string;
}

/** A mutation's context as a writer of documents. */
export const writerFor = (ctx: { trx: Db; rec: ChangeRecorder; now: string; user: { id: string } }, action: string): DocumentWriter => ({
  trx: ctx.trx,
  rec: ctx.rec,
  now: ctx.now,
  userId: ctx.user.id,
  action,
});

/** The bytes of one version (already in the blob store and registered). */
export interface DocumentFile {
  sha256: string;
  size: number;
  fileName: string;
}

/** What the secretariat may change about a document besides its file. */
export interface DocumentFields {
  agendaItemId: string | null;
  title: string;
  classification: Classification;
  /** Print / download per document; null = as the classification says. */
  allowPrint: boolean | null;
  allowDownload: boolean | null;
}

export type NewDocument = { id: string; meetingId: string; file: DocumentFile } & Omit<DocumentFields, 'allowPrint' | 'allowDownload'> &
  Partial<Pick<DocumentFields, 'allowPrint' | 'allowDownload'>>;

const flag = (v: boolean | null | undefined): number | null => (v == null ? null : v ? 1 : 0);

/** Creates a document at version 1. */
export async function createDocument(w: DocumentWriter, d: NewDocument): Promise<DocumentRow> {
  const row: DocumentRow = {
    id: d.id,
    meeting_id: d.meetingId,
    agenda_item_id: d.agendaItemId,
    title: d.title,
    file_name: d.file.fileName,
    sha256: d.file.sha256,
    size: d.file.size,
    version: nextDocumentVersion(null, d.file.sha256),
    classification: d.classification,
    allow_print: flag(d.allowPrint),
    allow_download: flag(d.allowDownload),
    updated_at: w.now,
    revision: nextRevision(null),
  };
  await w.trx.insertInto('documents').values(row).execute();
  await w.rec.log('document', row.id, 'upsert', scopeOf.meeting(row.meeting_id));
  await addVersionRow(w, row);
  await audit(w, row.id, undefined, row);
  return row;
}

/**
 * Changes a document; a file whose bytes differ from the current ones becomes the next
 * version (the earlier versions stay in the history).
 */
export async function updateDocument(w: DocumentWriter, before: DocumentRow, changes: Partial<DocumentFields> & { file?: DocumentFile }): Promise<DocumentRow> {
  const { file, ...fields } = changes;
  const newFile = file !== undefined && file.sha256 !== before.sha256;
  const row: DocumentRow = {
    ...before,
    ...(fields.agendaItemId !== undefined ? { agenda_item_id: fields.agendaItemId } : {}),
    ...(fields.title !== undefined ? { title: fields.title } : {}),
    ...(fields.classification !== undefined ? { classification: fields.classification } : {}),
    ...(fields.allowPrint !== undefined ? { allow_print: flag(fields.allowPrint) } : {}),
    ...(fields.allowDownload !== undefined ? { allow_download: flag(fields.allowDownload) } : {}),
    ...(file ? { sha256: file.sha256, size: file.size, file_name: file.fileName } : {}),
    // The same rules as the desktop's offline overlay (shared/mutators/documents.ts).
    version: nextDocumentVersion(before, file?.sha256 ?? before.sha256),
    updated_at: w.now,
    revision: nextRevision(before),
  };
  await w.trx.updateTable('documents').set(row).where('id', '=', before.id).execute();
  await w.rec.log('document', row.id, 'upsert', scopeOf.meeting(row.meeting_id));
  if (newFile) await addVersionRow(w, row);
  await audit(w, row.id, before, row);
  return row;
}

/** A new file for the document: the next version, for every participant. */
export function addVersion(w: DocumentWriter, before: DocumentRow, file: DocumentFile): Promise<DocumentRow> {
  return updateDocument(w, before, { file });
}

/** Removes a document and the private "viewed" marks on it; its version history stays for the archive. */
export async function deleteDocument(w: DocumentWriter, before: DocumentRow): Promise<void> {
  const readers = await readersOf(w.trx, [before]);
  const views = await w.trx.selectFrom('document_views').select(['id', 'user_id']).where('document_id', '=', before.id).execute();
  await w.trx.deleteFrom('document_views').where('document_id', '=', before.id).execute();
  await w.trx.deleteFrom('documents').where('id', '=', before.id).execute();
  for (const v of views) await w.rec.log('documentView', v.id, 'delete', scopeOf.user(v.user_id));
  await w.rec.log('document', before.id, 'delete', scopeOf.meeting(before.meeting_id));
  await recordAudit(w.trx, {
    userId: w.userId,
    action: w.action,
    entity: 'document',
    entityId: before.id,
    before: toDocument(before, readers.get(before.id) ?? []),
    after: undefined,
    at: w.now,
    meetingId: before.meeting_id,
  });
}

async function addVersionRow(w: DocumentWriter, row: DocumentRow): Promise<void> {
  const uid = randomUUID();
  await w.trx
    .insertInto('document_versions')
    .values({ document_id: row.id, version: row.version, sha256: row.sha256, size: row.size, file_name: row.file_name, created_by: w.userId, created_at: w.now, uid })
    .execute();
  await w.rec.log('documentVersion', uid, 'upsert', scopeOf.meeting(row.meeting_id));
}

async function audit(w: DocumentWriter, id: string, before: DocumentRow | undefined, after: DocumentRow): Promise<void> {
  const readers = await readersOf(w.trx, [after]);
  const list = readers.get(id) ?? [];
  await recordAudit(w.trx, {
    userId: w.userId,
    action: w.action,
    entity: 'document',
    entityId: id,
    before: before ? toDocument(before, list) : undefined,
    after: toDocument(after, list),
    at: w.now,
    meetingId: after.meeting_id,
  });
}
