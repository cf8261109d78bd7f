/**
 * document.upsert / document.delete (secretariat): the meeting's papers, written through the
 * documents repository; document.markViewed (anyone who may read it): a private "viewed" mark.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { createDocument, deleteDocument as removeDocument, updateDocument, writerFor } from '../documents/repository';
import { mayReadDocument, readersOf } from '../secretariat/document-access';
import { canSeeMeetingId, scopeOf } from '../sync/access';
import { rolesIn } from '../organisations/membership';
import { toDocument, toDocumentView } from '../sync/rows';
import { audit, meetingOfOrg } from './lookups';
import type { CurrentRow, MeetingChangeNote, MutationArgs, MutationCtx } from './types';

type UpsertArgs = MutationArgs<'document.upsert'>;

export async function currentDocument(ctx: MutationCtx, id: string): Promise<CurrentRow | null> {
  const r = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  const readers = await readersOf(ctx.trx, [r]);
  return { entity: 'document', id: r.id, revision: r.revision, current: toDocument(r, readers.get(r.id) ?? []) };
}

/** Creates a document, or a new version of it when `sha256` differs (the blob is uploaded first). */
export async function upsertDocument(ctx: MutationCtx, a: UpsertArgs): Promise<void> {
  await meetingOfOrg(ctx, a.meetingId);
  if (a.agendaItemId) {
    const item = await ctx.trx.selectFrom('agenda_items').select('meeting_id').where('id', '=', a.agendaItemId).executeTakeFirst();
    if (!item || item.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'agenda item does not belong to this meeting', { field: 'agendaItemId' });
  }
  const blob = await ctx.trx.selectFrom('blobs').selectAll().where('sha256', '=', a.sha256).executeTakeFirst();
  if (!blob) throw new AppError('validation_failed', 'upload the file before attaching it', { field: 'sha256', sha256: a.sha256 });
  const before = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'a document cannot move to another meeting', { field: 'meetingId' });

  const file = { sha256: a.sha256, size: blob.size, fileName: a.fileName };
  const fields = { agendaItemId: a.agendaItemId, title: a.title, classification: a.classification, allowPrint: a.allowPrint ?? null, allowDownload: a.allowDownload ?? null };
  const w = writerFor(ctx, 'document.upsert');
  if (before) await updateDocument(w, before, { ...fields, file });
  else await createDocument(w, { id: a.id, meetingId: a.meetingId, file, ...fields });
  if (a.readerIds !== undefined) await setReaders(ctx, a.id, a.readerIds);
}

/** Confidential documents: who (besides the secretariat) may read it. */
async function setReaders(ctx: MutationCtx, documentId: string, userIds: string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length) {
    const known = await rolesIn(ctx.trx, ctx.viewer.orgId, unique);
    if (known.size !== unique.length) throw new AppError('validation_failed', 'a reader is not a user of this organization', { field: 'readerIds' });
  }
  const before = (await ctx.trx.selectFrom('document_readers').select('user_id').where('document_id', '=', documentId).execute()).map((r) => r.user_id).sort();
  await ctx.trx.deleteFrom('document_readers').where('document_id', '=', documentId).execute();
  for (const u of unique) await ctx.trx.insertInto('document_readers').values({ document_id: documentId, user_id: u }).execute();
  if (before.join() !== [...unique].sort().join()) await audit(ctx, 'document.setReaders', 'document', documentId, before, [...unique].sort());
}

export async function deleteDocument(ctx: MutationCtx, a: MutationArgs<'document.delete'>): Promise<void> {
  const before = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'document not found');
  await meetingOfOrg(ctx, before.meeting_id);
  await removeDocument(writerFor(ctx, 'document.delete'), before);
}

export async function markViewed(ctx: MutationCtx, a: MutationArgs<'document.markViewed'>): Promise<void> {
  const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.documentId).executeTakeFirst();
  // Same answer for "missing" and "not yours": existence is not revealed.
  if (!doc || !(await canSeeMeetingId(ctx.trx, ctx.viewer, doc.meeting_id))) throw new AppError('not_found', 'document not found');
  // A confidential document is not there for a non-reader: no "viewed" mark either.
  if (!mayReadDocument(ctx.viewer, doc, await readersOf(ctx.trx, [doc]))) throw new AppError('not_found', 'document not found');
  if (a.version > doc.version) throw new AppError('validation_failed', 'no such document version', { version: a.version });
  const existing = await ctx.trx
    .selectFrom('document_views')
    .selectAll()
    .where('user_id', '=', ctx.user.id)
    .where('document_id', '=', doc.id)
    .where('version', '=', a.version)
    .executeTakeFirst();
  let id: string;
  if (existing) {
    id = existing.id;
    await ctx.trx.updateTable('document_views').set({ viewed_at: ctx.now }).where('id', '=', id).execute();
  } else {
    id = randomUUID();
    await ctx.trx.insertInto('document_views').values({ id, user_id: ctx.user.id, document_id: doc.id, version: a.version, viewed_at: ctx.now }).execute();
  }
  const after = toDocumentView({ id, user_id: ctx.user.id, document_id: doc.id, version: a.version, viewed_at: ctx.now });
  await ctx.rec.log('documentView', id, 'upsert', scopeOf.user(ctx.user.id));
  await audit(ctx, 'document.markViewed', 'documentView', id, existing ? toDocumentView(existing) : undefined, after);
}

/** A confidential document's title is not for everyone: its line has no subject. */
export async function describeDocumentUpsert(ctx: MutationCtx, a: UpsertArgs): Promise<MeetingChangeNote | undefined> {
  const before = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', a.id).executeTakeFirst();
  const subject = a.classification === 'confidential' || before?.classification === 'confidential' ? '' : a.title;
  if (!before) return { kind: 'document.added', subject };
  return { kind: before.sha256 !== a.sha256 ? 'document.newVersion' : 'document.updated', subject };
}

export async function describeDocumentDelete(ctx: MutationCtx, a: MutationArgs<'document.delete'>): Promise<MeetingChangeNote | undefined> {
  const before = await ctx.trx.selectFrom('documents').select(['title', 'classification']).where('id', '=', a.id).executeTakeFirst();
  return before ? { kind: 'document.removed', subject: before.classification === 'confidential' ? '' : before.title } : undefined;
}
