/** The signing workflow (trình ký): sending a document to its signers, signing, returning, and the organisation's seal. */
import { z } from 'zod';
import { Id, Sha256 } from '../ids';
import { CertificateNameCheck, MAX_SEAL_PNG_BYTES, SignatureStepInput } from '../signing-workflow';
import { defineMutator } from './define';

export const signingMutators = [
  /** Secretariat: sends the document's current version to the signers, in order (signers first, then clerks). */
  defineMutator({
    kind: 'signatureRequest.create',
    args: z.object({
      id: Id,
      documentId: Id,
      note: z.string().max(2000).optional(),
      steps: z.array(SignatureStepInput).min(1).max(20),
      /** Certify the issued document (DocMDP P=2 at the first signature). */
      certify: z.boolean().optional(),
    }),
    access: 'secretariat',
  }),
  /**
   * The current signer: `sha256` names the signed file (uploaded first). Accepted only when it is
   * the revision he was sent (an exact prefix) followed by an incremental update adding a
   * signature that verifies.
   */
  defineMutator({ kind: 'signatureRequest.sign', args: z.object({ requestId: Id, stepId: Id, sha256: Sha256 }), access: 'signedIn' }),
  /** The current signer sends it back to the secretariat with a comment. */
  defineMutator({
    kind: 'signatureRequest.return',
    args: z.object({ requestId: Id, stepId: Id, comment: z.string().trim().min(1).max(2000) }),
    access: 'signedIn',
  }),
  /** Secretariat: withdraws a request that is in progress or was returned. */
  defineMutator({ kind: 'signatureRequest.cancel', args: z.object({ requestId: Id }), access: 'secretariat' }),
  /**
   * Secretariat: sends a returned request again to the signer who returned it (signatures already
   * given are kept; when nobody has signed yet, the document's current version is sent).
   */
  defineMutator({ kind: 'signatureRequest.resend', args: z.object({ requestId: Id, note: z.string().max(2000).optional() }), access: 'secretariat' }),
  /**
   * Secretariat/admin: the organisation's seal (PNG bytes, base64; null removes it) and the
   * certificate-name policy. Fields left out stay as they are.
   */
  defineMutator({
    kind: 'orgSigningSettings.update',
    args: z.object({
      sealPngBase64: z.string().max(Math.ceil((MAX_SEAL_PNG_BYTES * 4) / 3) + 4).nullable().optional(),
      nameCheck: CertificateNameCheck.optional(),
    }),
    access: 'secretariat',
  }),
] as const;
