/**
 * annotation.upsert / annotation.delete (the author only): private annotations. The newest
 * edit wins (by the author's `updatedAt`; an older one is ignored and the current row re-sent
 * to his devices); deletes leave a tombstone; a shared copy follows its original.
 */
import { documentUrn } from '../../shared/annotations';
import { AppError } from '../../shared/errors';
import { sharedCopyId } from '../annotations/rows';
import type { AnnotationsTable } from '../db/schema';
import { readableDocumentIds } from '../secretariat/document-access';
import { canSeeMeetingId, scopeOf } from '../sync/access';
import { audit } from './lookups';
import type { MutationArgs, MutationCtx } from './types';

/** The document, if the caller may read it (same answer for "missing" and "not yours"). */
async function readableDocument(ctx: MutationCtx, documentId: string) {
  const doc = await ctx.trx.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirst();
  if (!doc || !(await canSeeMeetingId(ctx.trx, ctx.viewer, doc.meeting_id)) || !(await readableDocumentIds(ctx.trx, ctx.viewer, [doc.id])).has(doc.id))
    throw new AppError('not_found', 'document not found', { entity: 'document', id: documentId });
  return doc;
}

/** What the audit log keeps of an annotation: that it exists and where, never its text (private). */
const auditFacts = (r: AnnotationsTable) => ({ documentId: r.document_id, meetingId: r.meeting_id, shared: r.shared === 1, deleted: r.deleted === 1 });

/** A device clock ahead of the server must not make an edit win for ever: never later than now. */
const clampTime = (ctx: MutationCtx, at: string) => (Date.parse(at) > Date.parse(ctx.now) ? ctx.now : new Date(at).toISOString());

async function ownAnnotation(ctx: MutationCtx, id: string): Promise<AnnotationsTable | undefined> {
  const row = await ctx.trx.selectFrom('annotations').selectAll().where('id', '=', id).executeTakeFirst();
  if (row && (row.user_id !== ctx.user.id || row.shared_from_id !== null)) throw new AppError('not_found', 'annotation not found', { entity: 'annotation', id });
  return row;
}

export async function upsertAnnotation(ctx: MutationCtx, a: MutationArgs<'annotation.upsert'>): Promise<void> {
  const doc = await readableDocument(ctx, a.documentId);
  const t = a.annotation.target;
  if (a.annotation.id !== `urn:uuid:${a.id}`) throw new AppError('validation_failed', 'annotation id does not match', { field: 'annotation.id' });
  if (t.source !== documentUrn(doc.id)) throw new AppError('validation_failed', 'annotation targets another document', { field: 'annotation.target.source' });
  // The selectors must refer to bytes of this document: its current or an earlier version.
  const versionSha =
    t['ecabinet:version'] === doc.version
      ? doc.sha256
      : (await ctx.trx.selectFrom('document_versions').select('sha256').where('document_id', '=', doc.id).where('version', '=', t['ecabinet:version']).executeTakeFirst())?.sha256;
  if (versionSha !== t['ecabinet:sha256']) throw new AppError('validation_failed', 'no such document version', { field: 'annotation.target' });

  const before = await ownAnnotation(ctx, a.id);
  const at = clampTime(ctx, a.updatedAt);
  if (before && before.updated_at > at) {
    // Older than what we have (another device edited or deleted it later): the newer stays.
    // Re-send the current row so the late device converges.
    await ctx.rec.log('annotation', before.id, 'upsert', scopeOf.user(ctx.user.id));
    return;
  }
  const row: AnnotationsTable = {
    id: a.id,
    user_id: ctx.user.id,
    document_id: doc.id,
    meeting_id: doc.meeting_id,
    shared_from_id: null,
    data_json: JSON.stringify(a.annotation),
    shared: a.shared ? 1 : 0,
    deleted: 0,
    revision: before ? before.revision + 1 : 1,
    updated_at: at,
  };
  if (before) await ctx.trx.updateTable('annotations').set(row).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('annotations').values(row).execute();
  await ctx.rec.log('annotation', a.id, 'upsert', scopeOf.user(ctx.user.id));
  await audit(ctx, before ? 'annotation.update' : 'annotation.create', 'annotation', a.id, before ? auditFacts(before) : undefined, auditFacts(row));
  await syncSharedCopy(ctx, row);
}

export async function deleteAnnotation(ctx: MutationCtx, a: MutationArgs<'annotation.delete'>): Promise<void> {
  const before = await ownAnnotation(ctx, a.id);
  // Never reached the server (created and deleted offline) or already gone: nothing to do.
  if (!before || before.deleted === 1) return;
  const at = clampTime(ctx, a.updatedAt);
  if (before.updated_at > at) {
    await ctx.rec.log('annotation', before.id, 'upsert', scopeOf.user(ctx.user.id));
    return;
  }
  const row = { ...before, deleted: 1, shared: 0, revision: before.revision + 1, updated_at: at };
  await ctx.trx.updateTable('annotations').set(row).where('id', '=', a.id).execute();
  await ctx.rec.log('annotation', a.id, 'upsert', scopeOf.user(ctx.user.id));
  await audit(ctx, 'annotation.delete', 'annotation', a.id, auditFacts(before), auditFacts(row));
  await syncSharedCopy(ctx, row);
}

/** Keeps the meeting's copy in step with the private original: present while shared, gone otherwise. */
async function syncSharedCopy(ctx: MutationCtx, original: AnnotationsTable): Promise<void> {
  const copyId = sharedCopyId(original.id);
  const copy = await ctx.trx.selectFrom('annotations').selectAll().where('id', '=', copyId).executeTakeFirst();
  const scope = scopeOf.meeting(original.meeting_id);
  if (original.shared === 1 && original.deleted === 0) {
    const row: AnnotationsTable = { ...original, id: copyId, shared_from_id: original.id, shared: 0, revision: copy ? copy.revision + 1 : 1 };
    if (copy) await ctx.trx.updateTable('annotations').set(row).where('id', '=', copyId).execute();
    else await ctx.trx.insertInto('annotations').values(row).execute();
    await ctx.rec.log('annotation', copyId, 'upsert', scope);
  } else if (copy) {
    // Unsharing deletes it for everyone.
    await ctx.trx.deleteFrom('annotations').where('id', '=', copyId).execute();
    await ctx.rec.log('annotation', copyId, 'delete', scope);
  }
}
