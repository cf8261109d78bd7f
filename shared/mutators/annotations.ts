/** A member's private notes on documents, and showing a page to the meeting (follow the presenter). */
import { z } from 'zod';
import { WebAnnotation } from '../annotations';
import { Id, Instant } from '../ids';
import { defineMutator } from './define';

export const annotationMutators = [
  /** Creates or changes one of the caller's annotations; older than what the server has → ignored (LWW). */
  defineMutator({
    kind: 'annotation.upsert',
    args: z.object({ id: Id, documentId: Id, annotation: WebAnnotation, shared: z.boolean(), updatedAt: Instant }),
    access: 'signedIn',
  }),
  /** Deletes one of the caller's annotations (a tombstone), and its shared copy. */
  defineMutator({ kind: 'annotation.delete', args: z.object({ id: Id, updatedAt: Instant }), access: 'signedIn' }),
  /** The chair or a presenter shows a document page to the meeting (documentId null: stops). */
  defineMutator({
    kind: 'presentation.set',
    args: z.object({ meetingId: Id, documentId: Id.nullable(), page: z.number().int().min(1).max(100_000) }),
    access: 'signedIn',
  }),
] as const;
