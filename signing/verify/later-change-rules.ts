/** Which changes after a signature are allowed (pure: verify loads the PDF parser only when an update must be read). */
import type { LaterChangeKind } from '../../shared/signing';
import type { FieldLock } from './pdf-facts';

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

/** Whether the field of full name `field` is locked: named itself, or a descendant of a named field. */
export function isLocked(lock: FieldLock, field: string): boolean {
  const named = lock.fields.some((f) => field === f || field.startsWith(`${f}.`));
  return lock.action === 'All' || (lock.action === 'Include' ? named : !named);
}

/** Kinds of change to an existing field that FieldMDP forbids for a locked field. */
const FIELD_EDITS: LaterChangeKind[] = ['form_filled', 'field_removed'];

/**
 * Splits each edit of existing fields into the locked fields (a disallowed `locked_field_changed`
 * naming them) and the others (judged as before).
 */
export function withFieldLock<C extends { kind: LaterChangeKind; fields: string[]; allowed: boolean }>(changes: C[], lock: FieldLock | null): C[] {
  if (!lock) return changes;
  const out: C[] = [];
  for (const c of changes) {
    const locked = FIELD_EDITS.includes(c.kind) ? c.fields.filter((f) => isLocked(lock, f)) : [];
    if (locked.length === 0) {
      out.push(c);
      continue;
    }
    out.push({ ...c, kind: 'locked_field_changed', fields: locked, allowed: false });
    const rest = c.fields.filter((f) => !locked.includes(f));
    if (rest.length > 0) out.push({ ...c, fields: rest });
  }
  return out;
}

/** A FieldMDP lock from its Action and Fields (what a reader found), or null when malformed. */
export function fieldLockOf(action: string | null, fields: (string | null)[] | null, p: number | null): FieldLock | null {
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return null;
  return { action, fields: (fields ?? []).filter((f): f is string => f !== null), p: p !== null && p >= 1 && p <= 3 ? p : null };
}
