/**
 * The PAdES baseline level (ETSI EN 319 142-1) a signature reaches by what the file carries:
 * B-B; B-T with a signature timestamp; B-LT when the file also holds, for every certificate of
 * the signer's chain and of the timestamp authority's chain that names a revocation service,
 * revocation data that answers for it; B-LTA when a document timestamp covers all that.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import type { PadesLevel, TimestampStatus } from '../../shared/signing';
import { certFacts } from '../certs/extensions';
import { cnOf } from '../certs/names';
import { checkCrl, checkOcsp, type RevocationData, type RevocationTimes } from '../certs/revocation';
import { checkTimestampToken } from './cms-verify';
import type { FoundSignature } from './find-signatures';

/** Whether the embedded data answers for every certificate of `path` (leaf first) that needs it. */
export function revocationEmbeddedFor(path: X509Certificate[], embedded: RevocationData, times?: RevocationTimes): boolean {
  for (let i = 0; i + 1 < path.length; i++) {
    const [cert, issuer] = [path[i], path[i + 1]];
    const facts = certFacts(new Uint8Array(cert.raw));
    if (facts.ocspNoCheck || facts.ocspUrls.length + facts.crlUrls.length === 0) continue;
    // An answer the revocation checks set aside (stale, or not from an authorised responder) answers nothing.
    const usable = (r: { status: string } | null) => r !== null && r.status !== 'rejected';
    const answered = embedded.ocsps.some((o) => usable(checkOcsp(o, cert, issuer, times))) || embedded.crls.some((c) => usable(checkCrl(c, cert, issuer, times)));
    if (!answered) return false;
  }
  return true;
}

export interface ArchiveTimestamp {
  time: Date;
  authority: string | null;
}

/**
 * The latest document timestamp among `later` (fields whose byte ranges reach past the
 * signature) whose token verifies over its byte ranges; null when none does.
 */
export function archiveTimestampOf(bytes: Uint8Array, later: FoundSignature[]): ArchiveTimestamp | null {
  let best: ArchiveTimestamp | null = null;
  for (const ts of later) {
    const br = ts.byteRange;
    if (!ts.contents || !br || br.length !== 4) continue;
    const [a, b, c, d] = br;
    if (a !== 0 || a + b > c || c + d > bytes.length) continue;
    const check = checkTimestampToken(ts.contents, (alg) => createHash(alg).update(bytes.subarray(a, a + b)).update(bytes.subarray(c, c + d)).digest());
    if (!check.ok || !check.time) continue;
    if (!best || check.time > best.time) best = { time: check.time, authority: check.tsa ? cnOf(check.tsa.subject) : null };
  }
  return best;
}

export function padesLevel(f: {
  timestamp: TimestampStatus;
  /** Whether the file has a /DSS with anything in it. */
  hasDss: boolean;
  signerPath: X509Certificate[];
  /** The signature timestamp authority's path, when there is a timestamp. */
  timestampPath: X509Certificate[] | null;
  embedded: RevocationData;
  archive: ArchiveTimestamp | null;
  /** The signing time the revocation data must speak for, and the validation time. */
  times?: RevocationTimes;
}): PadesLevel {
  if (f.timestamp === 'absent') return 'B-B';
  const longTerm = f.hasDss && revocationEmbeddedFor(f.signerPath, f.embedded, f.times) && (!f.timestampPath || revocationEmbeddedFor(f.timestampPath, f.embedded, f.times));
  if (!longTerm) return 'B-T';
  return f.archive ? 'B-LTA' : 'B-LT';
}
