/** Database rows of annotations → the shared entities. */
import { createHash } from 'node:crypto';
import { Annotation, Presentation, WebAnnotation } from '../../shared/annotations';
import type { AnnotationsTable, PresentationsTable } from '../db/schema';

export const toAnnotation = (r: AnnotationsTable): Annotation => ({
  id: r.id,
  userId: r.user_id,
  documentId: r.document_id,
  meetingId: r.meeting_id,
  annotation: WebAnnotation.parse(JSON.parse(r.data_json)),
  shared: r.shared === 1,
  sharedFromId: r.shared_from_id,
  deleted: r.deleted === 1,
  revision: r.revision,
  updatedAt: r.updated_at,
});

export const toPresentation = (r: PresentationsTable, documentVisible = true): Presentation => ({
  id: r.meeting_id,
  meetingId: r.meeting_id,
  documentId: documentVisible ? r.document_id : null,
  page: r.page,
  presenterId: r.presenter_id,
  updatedAt: r.updated_at,
});

/**
 * Id of the meeting-scope copy of a private annotation: derived (a name-based UUID), so that
 * sharing twice, from two devices, gives the same copy.
 */
export function sharedCopyId(annotationId: string): string {
  const h = createHash('sha256').update(`ecabinet:shared-annotation:${annotationId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
