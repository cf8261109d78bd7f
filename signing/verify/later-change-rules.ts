/** Which changes after a signature are allowed (pure: verify loads the PDF parser only when an update must be read). */
import type { LaterChangeKind } from '../../shared/signing';

/** What each permission level allows after the signature (PDF 2.0 §12.8.2.2; DSS and document timestamps always). */
const ALWAYS: LaterChangeKind[] = ['dss_added', 'vri_added', 'timestamp_added', 'metadata_changed'];
const FORM_FILL: LaterChangeKind[] = ['form_filled', 'signature_added', 'signature_field_added'];
const ANNOTATE: LaterChangeKind[] = ['annotation_added', 'annotation_changed', 'annotation_removed'];

/**
 * Whether a change is allowed after a signature with DocMDP permission `level` (1 no changes,
 * 2 form fill and signing, 3 also annotations). An approval signature of an uncertified document
 * allows what level 3 allows: pages, their content and signed fields stay as they were signed.
 */
export function allowedAfter(kind: LaterChangeKind, level: number | null): boolean {
  if (ALWAYS.includes(kind)) return true;
  const p = level ?? 3;
  if (FORM_FILL.includes(kind)) return p >= 2;
  if (ANNOTATE.includes(kind)) return p >= 3;
  return false;
}
