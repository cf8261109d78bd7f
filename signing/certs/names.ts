/** Human-readable facts about certificates, from Node's X509Certificate. */
import { X509Certificate } from 'node:crypto';
import type * as pkijs from 'pkijs';
import type { CertificateSummary } from '../../shared/signing';

export function x509(der: Uint8Array): X509Certificate {
  return new X509Certificate(Buffer.from(der.buffer, der.byteOffset, der.byteLength));
}

/**
 * Whether two distinguished names (as pkijs reads them) are the same name: equal encodings, else
 * pkijs's own comparison (each string after string preparation). pkijs compares every string
 * with localeCompare, whose first call loads ICU's collation data (20–35 ms of a `verify`), for
 * names that are nearly always copied byte for byte from one certificate into another.
 */
export function sameName(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  const da = a.valueBeforeDecode;
  const db = b.valueBeforeDecode;
  if (da.byteLength > 0 && Buffer.from(da).equals(Buffer.from(db))) return true;
  return a.isEqual(b);
}

/** The CN of a subject string as Node prints it ("C=VN\nO=...\nCN=..."). */
export function cnOf(dn: string): string | null {
  const line = dn.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : null;
}

export function commonName(der: Uint8Array): string | null {
  try {
    return cnOf(x509(der).subject);
  } catch {
    return null;
  }
}

export function summarize(cert: X509Certificate): CertificateSummary {
  return {
    subject: cert.subject.split('\n').join(', '),
    issuer: cert.issuer.split('\n').join(', '),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}
