/**
 * The server's check of a signed upload: it must be the revision the signer was sent, byte for
 * byte, followed by an incremental update that adds exactly one signature which verifies
 * (integrity and coverage, by our own verifier), every earlier signature still intact. Trust in
 * the signer's certificate is for the verdict panel, not for this check (the server may not hold
 * the same trust roots). Both files pass the PDF limits first (inflated size, objects, nesting):
 * past them the upload is refused as `pdf_too_complex`. Runs in a worker thread (upload-checker.ts).
 */
import { isAppError } from '../../shared/errors';
import { needsRepairBeforeSigning, verifyPdf } from '../../signing/index';

export type SignedUploadRefusal = 'repaired_before_signing' | 'not_incremental_update' | 'no_new_signature' | 'several_new_signatures' | 'signature_invalid' | 'earlier_signature_broken' | 'not_pdf';

export type SignedUploadCheck =
  | {
      ok: true;
      field: string;
      /** The signer's common name (certificate), for the name check. */
      signer: string | null;
      /** DocMDP permission when the new signature certifies the document. */
      certification: number | null;
    }
  | { ok: false; reason: SignedUploadRefusal };

export async function checkSignedRevision(sent: Uint8Array, signed: Uint8Array): Promise<SignedUploadCheck> {
  if (signed.length <= sent.length || !Buffer.from(signed.buffer, signed.byteOffset, sent.length).equals(Buffer.from(sent.buffer, sent.byteOffset, sent.length)))
    // A signer cannot sign the revision sent without rewriting it when its cross-references are
    // broken: told apart, so that he learns the file must be exported again, not that he erred.
    return { ok: false, reason: needsRepairBeforeSigning(sent) ? 'repaired_before_signing' : 'not_incremental_update' };
  let sentReport: Awaited<ReturnType<typeof verifyPdf>>;
  let report: Awaited<ReturnType<typeof verifyPdf>>;
  try {
    sentReport = await verifyPdf(sent, { trustRoots: [], online: false });
    report = await verifyPdf(signed, { trustRoots: [], online: false });
  } catch (e) {
    if (isAppError(e) && e.code === 'pdf_too_complex') throw e;
    return { ok: false, reason: 'not_pdf' };
  }
  const before = new Set(sentReport.signatures.map((s) => s.field));
  const added = report.signatures.filter((s) => !before.has(s.field));
  if (added.length === 0) return { ok: false, reason: 'no_new_signature' };
  if (added.length > 1) return { ok: false, reason: 'several_new_signatures' };
  const fresh = added[0];
  // The new signature must cover the appended revision (not an older one), with nothing broken.
  if (fresh.integrity !== 'ok' || fresh.anomalies.length > 0 || (fresh.revision ?? 0) <= sentReport.revisions)
    return { ok: false, reason: 'signature_invalid' };
  if (report.signatures.some((s) => s !== fresh && (s.integrity !== 'ok' || s.anomalies.length > 0))) return { ok: false, reason: 'earlier_signature_broken' };
  return { ok: true, field: fresh.field, signer: fresh.signer ?? null, certification: fresh.certification ?? null };
}
