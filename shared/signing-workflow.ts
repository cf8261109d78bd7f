/**
 * Signing workflow ("trình ký"): a secretary sends a meeting document to an
 * ordered list of signers; each in turn signs the revision he receives (an incremental update)
 * or returns it with a comment; the last signature issues the document (a new version for
 * every participant). Registered in shared/api.ts (SyncEntities, Change, Mutation) with one
 * line each; the schemas live here.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';

/** "signer": the official's own signature; "clerk": the organisation's signature (văn thư, seal). */
export const SignatureStepRole = lazySchema(() => z.enum(['signer', 'clerk']));
export type SignatureStepRole = z.infer<typeof SignatureStepRole>;

export const SignatureStepStatus = lazySchema(() => z.enum(['waiting', 'to_sign', 'signed', 'returned']));
export type SignatureStepStatus = z.infer<typeof SignatureStepStatus>;

export const SignatureRequestStatus = lazySchema(() => z.enum(['in_progress', 'completed', 'returned', 'cancelled']));
export type SignatureRequestStatus = z.infer<typeof SignatureRequestStatus>;

export const SignatureStep = lazySchema(() => z.object({
  id: Id,
  /** 0-based order. */
  position: z.number().int().min(0),
  userId: Id,
  role: SignatureStepRole,
  status: SignatureStepStatus,
  /** When he signed or returned it. */
  actedAt: Instant.nullable(),
  /** The revision his signature produced. */
  sha256: Sha256.nullable(),
  /** The reason given when returning it. */
  comment: z.string().max(2000),
  /** The common name of the certificate he signed with (set by the server when it accepts the signature). */
  certificateName: z.string().max(300).nullable().default(null),
  /** Whether that name is the signer's full name (NFC, case folded); "mismatch" is accepted only in warn mode. */
  nameCheck: z.enum(['match', 'mismatch']).nullable().default(null),
}));
export type SignatureStep = z.infer<typeof SignatureStep>;

/**
 * One request. It travels in the private scopes (`user:<id>`) of the secretariat and of its
 * signers; a signer receives it once it is his turn (and keeps it afterwards).
 */
export const SignatureRequest = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  documentId: Id,
  documentTitle: z.string().max(1000),
  fileName: z.string().max(255),
  /** The document version that was sent for signature. */
  baseVersion: z.number().int().min(1),
  baseSha256: Sha256,
  /** The revision the current signer signs: the sent version, then each signed revision. */
  currentSha256: Sha256,
  currentSize: z.number().int().min(0),
  status: SignatureRequestStatus,
  note: z.string().max(2000),
  steps: z.array(SignatureStep).min(1).max(20),
  createdBy: Id,
  createdAt: Instant,
  /** Document version created when the last signature was applied. */
  issuedVersion: z.number().int().min(1).nullable(),
  revision: z.number().int().min(1),
  updatedAt: Instant,
  /**
   * "Chứng thực văn bản ban hành": the FIRST signature certifies the document (DocMDP P=2, the
   * PDF spec allows certification only there), so later changes other than form filling and
   * further signatures are flagged by verifiers.
   */
  certify: z.boolean().default(false),
}));
export type SignatureRequest = z.infer<typeof SignatureRequest>;

/** How the server treats a signing certificate whose CN is not the signer's full name. */
export const CertificateNameCheck = lazySchema(() => z.enum(['strict', 'warn']));
export type CertificateNameCheck = z.infer<typeof CertificateNameCheck>;

/**
 * Signing settings of the organisation (one row, id = the organisation id, org scope): its red
 * seal image (a PNG blob, transparent background) used by the clerk's organisation signature,
 * and the certificate-name policy.
 */
export const OrgSigningSettings = lazySchema(() => z.object({
  id: Id,
  sealSha256: Sha256.nullable(),
  sealSize: z.number().int().min(0).nullable(),
  nameCheck: CertificateNameCheck,
  revision: z.number().int().min(1),
  updatedAt: Instant,
}));
export type OrgSigningSettings = z.infer<typeof OrgSigningSettings>;

/** Largest seal PNG accepted (it travels base64 in a mutation, and then as a blob). */
export const MAX_SEAL_PNG_BYTES = 512 * 1024;

export const SignatureStepInput = lazySchema(() => z.object({ id: Id, userId: Id, role: SignatureStepRole }));


/** The step whose turn it is, if any. */
export const currentStep = (r: Pick<SignatureRequest, 'steps' | 'status'>): SignatureStep | null =>
  r.status === 'in_progress' ? (r.steps.find((s) => s.status === 'to_sign') ?? null) : null;

/** Whether `userId` (not secretariat) may see the request: from his turn on. */
export const signerSees = (r: Pick<SignatureRequest, 'steps'>, userId: string): boolean =>
  r.steps.some((s) => s.userId === userId && s.status !== 'waiting');
