import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * Contracts of digital signature verification (PAdES): the report `ecabinet verify --json`
 * prints and the verdict panel shows. Every code below has a vi/en message under
 * `signing.*` in shared/i18n.
 */

/** The overall answer for one signature (ETSI EN 319 102-1 vocabulary). */
export const SignatureVerdict = lazySchema(() => z.enum(['valid', 'invalid', 'indeterminate']));
export type SignatureVerdict = z.infer<typeof SignatureVerdict>;

/** PAdES baseline level reached by what is in the file. */
export const PadesLevel = lazySchema(() => z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA', 'PKCS7']));
export type PadesLevel = z.infer<typeof PadesLevel>;

/** Things wrong with what the byte ranges cover; any of them makes the verdict `invalid`. */
export const CoverageAnomaly = lazySchema(() => z.enum([
  /** /ByteRange is missing, malformed, or points outside the file. */
  'byte_range_malformed',
  /** The first range does not start at byte 0. */
  'range_not_from_start',
  /** More than one gap, or the gap is not exactly the /Contents hex string. */
  'gap_not_contents',
  /** Bytes after the signed revision are not a well-formed incremental update. */
  'content_not_reached',
  /** A certified (DocMDP) document was changed afterwards in a way the certification forbids. */
  'changed_after_certification',
  /** A later update changed what an approval signature signed: page content, pages, a signed field. */
  'changed_after_signing',
]));
export type CoverageAnomaly = z.infer<typeof CoverageAnomaly>;

export const IntegrityStatus = lazySchema(() => z.enum([
  /** The digest of the byte ranges matches and the signature value verifies with the certificate. */
  'ok',
  /** The signed bytes changed, or the signature value does not match. */
  'failed',
  /** The CMS could not be read. */
  'unreadable',
]));
export type IntegrityStatus = z.infer<typeof IntegrityStatus>;

export const ChainStatus = lazySchema(() => z.enum([
  /** A path to a configured trust root with every certificate's signature verified. */
  'trusted',
  /** No path to a configured trust root. */
  'untrusted',
  /** A certificate of the path was outside its validity period at signing time. */
  'expired',
  /** A certificate of the path is revoked (before the proven signing time). */
  'revoked',
  /** The signer certificate is not meant for signing documents (key usage / extended key usage). */
  'wrong_key_usage',
  /** A certificate signature in the path does not verify. */
  'broken',
]));
export type ChainStatus = z.infer<typeof ChainStatus>;

export const RevocationStatus = lazySchema(() => z.enum([
  'good',
  'revoked',
  /** Revocation could not be decided (nothing embedded, responder unreachable). */
  'unknown',
  /** The certificates name no revocation service, or the certificate is a trust root. */
  'not_applicable',
]));
export type RevocationStatus = z.infer<typeof RevocationStatus>;

export const TimestampStatus = lazySchema(() => z.enum(['absent', 'valid', 'invalid', 'untrusted']));
export type TimestampStatus = z.infer<typeof TimestampStatus>;

export const CertificateSummary = lazySchema(() => z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
}));
export type CertificateSummary = z.infer<typeof CertificateSummary>;

/** One incremental update after a signed revision, and what kinds of objects it changed. */
export const RevisionUpdate = lazySchema(() => z.object({
  revision: z.number().int(),
  /** Byte range [start, end) of the update in the file. */
  start: z.number().int(),
  end: z.number().int(),
  /** e.g. "signature", "annotation", "form", "dss", "page", "content", "catalog", "other". */
  changes: z.array(z.string()),
  objects: z.number().int(),
}));
export type RevisionUpdate = z.infer<typeof RevisionUpdate>;

/**
 * One kind of change a later incremental update made, as a reader would name it. Allowed after
 * any signature: DSS/VRI and document timestamps, metadata; after DocMDP 2 (and approval
 * signatures): form fill and signing; after DocMDP 3 (and approval signatures): annotations.
 * Never allowed: pages added, removed or redrawn, a signed field changed, anything unexplained.
 */
export const LaterChangeKind = lazySchema(() => z.enum([
  'form_filled',
  'signature_added',
  /** An empty signature field to be signed later. */
  'signature_field_added',
  /** A document timestamp (PAdES B-LTA). */
  'timestamp_added',
  'annotation_added',
  'annotation_changed',
  'annotation_removed',
  /** Validation data (certificates, OCSP responses, CRLs) in the Document Security Store. */
  'dss_added',
  /** Per-signature validation data (VRI entries) in the DSS. */
  'vri_added',
  'metadata_changed',
  'field_added',
  'field_removed',
  /** The value or appearance of an already signed signature field changed, or the field was removed. */
  'signed_field_changed',
  /** A form field the signature locked (FieldMDP: the field's /Lock, the signature's /Reference) was filled, changed or removed. */
  'locked_field_changed',
  'page_content_changed',
  'page_added',
  'page_removed',
  'dss_removed',
  /** Document-level entries (catalog, form dictionary) other than forms, DSS and metadata. */
  'catalog_changed',
  /** Objects changed that none of the kinds above explains. */
  'other_changed',
  /** The revision could not be parsed to tell what it changed. */
  'unreadable',
]));
export type LaterChangeKind = z.infer<typeof LaterChangeKind>;

export const LaterChange = lazySchema(() => z.object({
  /** 1-based revision that made the change. */
  revision: z.number().int(),
  kind: LaterChangeKind,
  /** Whether the signature's permissions allow it (DocMDP of the document, or approval rules). */
  allowed: z.boolean(),
  /** Full names of the form fields concerned. */
  fields: z.array(z.string()),
  /** 1-based page numbers concerned. */
  pages: z.array(z.number().int()),
}));
export type LaterChange = z.infer<typeof LaterChange>;

export const SignatureReport = lazySchema(() => z.object({
  field: z.string(),
  /** Signer's common name (from the certificate), or the /Name entry. */
  signer: z.string().nullable(),
  /** Best known signing time (ISO 8601): the timestamp's if valid, else the claimed /M or signing-time. */
  signedAt: z.string().nullable(),
  signedAtSource: z.enum(['timestamp', 'claimed', 'unknown']),
  subFilter: z.string().nullable(),
  level: PadesLevel.nullable(),
  coversWholeFile: z.boolean(),
  /** 1-based number of the revision the signature covers. */
  revision: z.number().int().nullable(),
  /** Incremental updates after the signed revision. */
  updatesAfter: z.array(RevisionUpdate),
  anomalies: z.array(CoverageAnomaly),
  integrity: IntegrityStatus,
  chain: ChainStatus,
  certificates: z.array(CertificateSummary),
  revocation: z.object({ status: RevocationStatus, source: z.enum(['embedded', 'online', 'none']) }),
  timestamp: z.object({ status: TimestampStatus, time: z.string().nullable(), authority: z.string().nullable() }),
  /** B-LTA: the latest document (archive) timestamp over the signature and its validation data. */
  archiveTimestamp: z.object({ time: z.string(), authority: z.string().nullable() }).optional(),
  /** DocMDP certification permission (1..3) when this is a certification signature. */
  certification: z.number().int().min(1).max(3).nullable(),
  verdict: SignatureVerdict,
  /** Message keys (`signing.reason.*`) explaining the verdict, most important first. */
  reasons: z.array(z.string()),
  /** What the updates after the signed revision changed, each allowed or not (reports of older versions: none). */
  laterChanges: z.array(LaterChange).default([]),
}));
export type SignatureReport = z.infer<typeof SignatureReport>;

export const VerificationReport = lazySchema(() => z.object({
  /** Number of revisions (%%EOF-terminated sections) in the file. */
  revisions: z.number().int(),
  signatures: z.array(SignatureReport),
}));
export type VerificationReport = z.infer<typeof VerificationReport>;
