/**
 * The issuing chain of a certificate, up to a self-signed root: from certificates at hand (the
 * token, the CMS, the /DSS, a chain file, the app's trust store) and, for what is missing, from
 * the "CA issuers" address of the certificate's Authority Information Access extension, as
 * most USB tokens hold only the signer's own certificate.
 */
import type { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { fetchOnceMore } from '../net/fetch-once-more';
import { certFacts } from './extensions';
import { x509 } from './names';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

export const isSelfSigned = (c: X509Certificate) => issuedBy(c, c);

/** Certificates from DER, PEM text (one or several) or a PKCS#7 "certs-only" bundle (.p7c); [] when none. */
export function readCertificates(bytes: Uint8Array): X509Certificate[] {
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...Buffer.from(bytes).toString('latin1').matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => x509(Buffer.from(m[0], 'latin1')));
  }
  try {
    return [x509(bytes)];
  } catch {
    /* not one DER certificate: maybe a PKCS#7 bundle */
  }
  try {
    const info = pkijs.ContentInfo.fromBER(buf(bytes));
    const signed = new pkijs.SignedData({ schema: info.content });
    return (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => x509(new Uint8Array(c.toSchema().toBER(false))));
  } catch {
    return [];
  }
}

/** The certificates an AIA "CA issuers" address serves (DER, PEM or .p7c); [] when unreachable. */
export async function fetchIssuers(url: string, timeoutMs = 15_000, fetchFn?: typeof fetch): Promise<X509Certificate[]> {
  try {
    const res = await fetchOnceMore(url, { method: 'GET' }, timeoutMs, fetchFn);
    if (!res.ok) return [];
    return readCertificates(new Uint8Array(await res.arrayBuffer()));
  } catch {
    return [];
  }
}

export interface ResolvedChain {
  /** Leaf first; ends at a self-signed root when `complete`. */
  path: X509Certificate[];
  complete: boolean;
  /** The certificate whose issuer could not be found, when not complete. */
  missingIssuerOf: X509Certificate | null;
}

/** Walks up from `leaf`, taking issuers from `pool` first and from AIA addresses when `fetch`. */
export async function resolveChain(leaf: X509Certificate, pool: X509Certificate[], options: { fetch: boolean; timeoutMs?: number }): Promise<ResolvedChain> {
  const path = [leaf];
  const known = [...pool];
  let current = leaf;
  for (let depth = 0; depth < 12; depth++) {
    if (isSelfSigned(current)) return { path, complete: true, missingIssuerOf: null };
    let parent = known.find((c) => c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c));
    if (!parent && options.fetch) {
      for (const url of certFacts(new Uint8Array(current.raw)).caIssuerUrls.filter((u) => /^https?:/i.test(u))) {
        const got = await fetchIssuers(url, options.timeoutMs);
        known.push(...got);
        parent = got.find((c) => issuedBy(current, c));
        if (parent) break;
      }
    }
    if (!parent || path.some((c) => c.fingerprint256 === parent!.fingerprint256)) return { path, complete: false, missingIssuerOf: current };
    path.push(parent);
    current = parent;
  }
  return { path, complete: false, missingIssuerOf: current };
}
