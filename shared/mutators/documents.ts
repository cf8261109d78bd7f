/** A meeting's documents: attaching a file (a new version when its content changes), removing it, and "I have read it". */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { Classification, Document } from '../entities';
import { Id } from '../ids';
import { BaseRevision } from './revision';
import { defineMutator, nextRevision, remove, upsert } from './define';

/** Creates a document, or a new version of it when `sha256` differs (blob uploaded first). */
export const DocumentInput = lazySchema(() =>
  Document.omit({ updatedAt: true, version: true, mime: true, size: true, readerIds: true, revision: true }).extend({
    classification: Classification,
    /** Confidential documents: who (besides the secretariat) may read; absent = unchanged. */
    readerIds: z.array(Id).max(1000).optional(),
    ...BaseRevision,
  }),
);
export type DocumentInput = z.output<typeof DocumentInput>;

/** The version number a save gives: a new one only when the content changes. */
export const nextDocumentVersion = (prev: Pick<Document, 'version' | 'sha256'> | null, sha256: string): number =>
  !prev ? 1 : prev.sha256 !== sha256 ? prev.version + 1 : prev.version;

/** The document after a save; `size` is the attached file's. */
export function nextDocument(prev: Document | null, a: DocumentInput, size: number, now: string): Document {
  return {
    id: a.id,
    meetingId: a.meetingId,
    agendaItemId: a.agendaItemId,
    title: a.title,
    fileName: a.fileName,
    sha256: a.sha256,
    size,
    mime: 'application/pdf',
    version: nextDocumentVersion(prev, a.sha256),
    classification: a.classification,
    updatedAt: now,
    readerIds: a.readerIds ?? prev?.readerIds ?? [],
    revision: nextRevision(prev),
    allowPrint: a.allowPrint,
    allowDownload: a.allowDownload,
  };
}

export const documentMutators = [
  defineMutator({
    kind: 'document.upsert',
    args: DocumentInput,
    access: 'secretariat',
    effect: (a, read, ctx) => {
      const prev = read.get('document', a.id);
      const size = prev?.sha256 === a.sha256 ? prev.size : ctx.queuedUploadSize(a.sha256);
      return size === null ? [] : [upsert('document', nextDocument(prev, a, size, ctx.now))];
    },
  }),
  defineMutator({
    kind: 'document.delete',
    args: z.object({ id: Id, ...BaseRevision }),
    access: 'secretariat',
    effect: (a) => [remove('document', a.id)],
  }),
  /** "I opened this version": private to the reader; the desktop records it at once itself. */
  defineMutator({
    kind: 'document.markViewed',
    args: z.object({ documentId: Id, version: z.number().int().min(1) }),
    access: 'signedIn',
  }),
] as const;
