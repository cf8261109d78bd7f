/**
 * Signing workflow ("trình ký", issue 5 part 2): a secretary sends a meeting document to an
 * ordered list of signers; each in turn signs the revision he receives (an incremental update)
 * or returns it with a comment; the last signature issues the document (a new version for
 * every participant). Registered in shared/api.ts (SyncEntities, Change, Mutation) with one
 * line each; the schemas live here.
 */
import { z } from 'zod';
import { Id, Instant, Sha256 } from './ids';

/** "signer": the official's own signature; "clerk": the organisation's signature (văn thư, seal). */
export const SignatureStepRole = z.enum(['signer', 'clerk']);
export type SignatureStepRole = z.infer<typeof SignatureStepRole>;

export const SignatureStepStatus = z.enum(['waiting', 'to_sign', 'signed', 'returned']);
export type SignatureStepStatus = z.infer<typeof SignatureStepStatus>;

export const SignatureRequestStatus = z.enum(['in_progress', 'completed', 'returned', 'cancelled']);
export type SignatureRequestStatus = z.infer<typeof SignatureRequestStatus>;

export const SignatureStep = z.object({
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
});
export type SignatureStep = z.infer<typeof SignatureStep>;

/**
 * One request. It travels in the private scopes (`user:<id>`) of the secretariat and of its
 * signers; a signer receives it once it is his turn (and keeps it afterwards).
 */
export const SignatureRequest = z.object({
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
});
export type SignatureRequest = z.infer<typeof SignatureRequest>;

export const SigningEntities = { signatureRequest: SignatureRequest } as const;

export const SignatureStepInput = z.object({ id: Id, userId: Id, role: SignatureStepRole });

export const SigningMutations = [
  /** Secretariat: sends the document's current version to the signers, in order (signers first, then clerks). */
  z.object({
    id: Id,
    kind: z.literal('signatureRequest.create'),
    args: z.object({ id: Id, documentId: Id, note: z.string().max(2000).optional(), steps: z.array(SignatureStepInput).min(1).max(20) }),
  }),
  /**
   * The current signer: `sha256` names the signed file (uploaded first). Accepted only when it is
   * the revision he was sent (an exact prefix) followed by an incremental update adding a
   * signature that verifies.
   */
  z.object({ id: Id, kind: z.literal('signatureRequest.sign'), args: z.object({ requestId: Id, stepId: Id, sha256: Sha256 }) }),
  /** The current signer sends it back to the secretariat with a comment. */
  z.object({
    id: Id,
    kind: z.literal('signatureRequest.return'),
    args: z.object({ requestId: Id, stepId: Id, comment: z.string().trim().min(1).max(2000) }),
  }),
  /** Secretariat: withdraws a request that is still in progress. */
  z.object({ id: Id, kind: z.literal('signatureRequest.cancel'), args: z.object({ requestId: Id }) }),
] as const;
export type SigningMutation = z.infer<(typeof SigningMutations)[number]>;

/** The step whose turn it is, if any. */
export const currentStep = (r: Pick<SignatureRequest, 'steps' | 'status'>): SignatureStep | null =>
  r.status === 'in_progress' ? (r.steps.find((s) => s.status === 'to_sign') ?? null) : null;

/** Whether `userId` (not secretariat) may see the request: from his turn on. */
export const signerSees = (r: Pick<SignatureRequest, 'steps'>, userId: string): boolean =>
  r.steps.some((s) => s.userId === userId && s.status !== 'waiting');
