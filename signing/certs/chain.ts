/**
 * Builds and checks a certificate path from the signer to a configured trust root, with every
 * certificate signature verified and validity checked at a given time.
 */
import type { X509Certificate } from 'node:crypto';
import type { ChainStatus } from '../../shared/signing';
import { allowsDocumentSigning, certFacts } from './extensions';

export interface ChainResult {
  status: ChainStatus;
  /** Leaf first, root last (as far as a path was found). */
  path: X509Certificate[];
  trusted: boolean;
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

export function buildPath(leaf: X509Certificate, pool: X509Certificate[], roots: X509Certificate[]): { path: X509Certificate[]; trusted: boolean; broken: boolean } {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 12; depth++) {
    if (roots.some((r) => r.fingerprint256 === current.fingerprint256)) return { path, trusted: true, broken: false };
    const root = roots.find((r) => issuedBy(current, r));
    if (root) return { path: [...path, root], trusted: true, broken: false };
    const nameMatch = [...pool, ...roots].filter((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c));
    const parent = nameMatch.find((c) => issuedBy(current, c));
    if (!parent) {
      // An issuer with the right name whose key does not verify the certificate: a forged path.
      const broken = nameMatch.length > 0;
      return { path, trusted: false, broken };
    }
    path.push(parent);
    current = parent;
  }
  return { path, trusted: false, broken: false };
}

export function validAt(cert: X509Certificate, time: Date): boolean {
  return new Date(cert.validFrom).getTime() <= time.getTime() && time.getTime() <= new Date(cert.validTo).getTime();
}

/** Path + policy checks for a document signer at `time`. */
export function checkSignerChain(leaf: X509Certificate, pool: X509Certificate[], roots: X509Certificate[], time: Date, purpose: 'document' | 'timestamp' = 'document'): ChainResult {
  const { path, trusted, broken } = buildPath(leaf, pool, roots);
  if (broken) return { status: 'broken', path, trusted: false };
  const facts = certFacts(new Uint8Array(leaf.raw));
  if (purpose === 'document' && !allowsDocumentSigning(facts)) return { status: 'wrong_key_usage', path, trusted };
  if (purpose === 'timestamp' && !(facts.extKeyUsage ?? []).includes('1.3.6.1.5.5.7.3.8')) return { status: 'wrong_key_usage', path, trusted };
  for (const c of path.slice(1)) {
    if (!roots.some((r) => r.fingerprint256 === c.fingerprint256) && !certFacts(new Uint8Array(c.raw)).isCA) return { status: 'broken', path, trusted: false };
  }
  if (path.some((c) => !validAt(c, time))) return { status: 'expired', path, trusted };
  return { status: trusted ? 'trusted' : 'untrusted', path, trusted };
}
