/**
 * Builds and checks a certificate path from the signer to a configured trust root, with every
 * certificate signature verified and validity checked at a given time; the path's constraints
 * (CA flags and key usage of issuers, name constraints, policies) are checked by pkijs's RFC 5280
 * engine, and path lengths beside it (the engine does not read pathLenConstraint).
 */
import type { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { ChainStatus } from '../../shared/signing';
import { OID } from '../cms/oids';
import { allowsDocumentSigning, certFacts, isCaCertificate } from './extensions';
import { sameName } from './names';

export interface ChainResult {
  status: ChainStatus;
  /** Leaf first, root last (as far as a path was found). */
  path: X509Certificate[];
  trusted: boolean;
  /** Message key (`signing.reason.*`) saying precisely what is wrong, when the status alone does not. */
  reason?: string;
}

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const pkiCert = (c: X509Certificate) => pkijs.Certificate.fromBER(buf(new Uint8Array(c.raw)));

/**
 * Names chain and the parent's key verifies the child. Not checkIssued(): OpenSSL's check also
 * refuses issuers without keyCertSign, which would hide such a path as "no path" (untrusted)
 * instead of letting the constraint check below call it broken.
 */
function namesChain(child: X509Certificate, parent: X509Certificate): boolean {
  return child.issuer === parent.subject;
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return namesChain(child, parent) && child.verify(parent.publicKey);
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
    const nameMatch = [...pool, ...roots].filter((c) => c.fingerprint256 !== current.fingerprint256 && !path.some((p) => p.fingerprint256 === c.fingerprint256) && namesChain(current, c));
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

/** pkijs result codes of RFC 5280 processing, as our reasons. */
function constraintReason(code: number | undefined): string {
  switch (code) {
    case 41:
    case 42:
    case 21:
      return 'signing.reason.chain_name_constraints';
    case 3:
    case 4:
    case 5:
    case 14:
      return 'signing.reason.chain_issuer_not_ca';
    default:
      return 'signing.reason.chain_constraints';
  }
}

/** A CA whose pathLenConstraint allows fewer intermediates below it than the path has. */
function pathLengthExceeded(path: pkijs.Certificate[]): boolean {
  for (let i = 1; i < path.length; i++) {
    const bc = path[i].extensions?.find((e) => e.extnID === OID.basicConstraints)?.parsedValue as pkijs.BasicConstraints | undefined;
    const limit = bc?.pathLenConstraint;
    if (limit === undefined || !bc?.cA) continue;
    const max = typeof limit === 'number' ? limit : limit.valueBlock.valueDec;
    // Self-issued intermediates do not count (RFC 5280 §4.2.1.9).
    const below = path.slice(1, i).filter((c) => !sameName(c.subject, c.issuer)).length;
    if (below > max) return true;
  }
  return false;
}

/**
 * RFC 5280 constraints of `path` (leaf first) anchored at its last certificate; null when they
 * hold, else the reason. Signatures and validity were checked while building the path.
 */
export async function pathConstraintProblem(path: X509Certificate[], time: Date): Promise<string | null> {
  if (path.length < 2) return null;
  const certs = path.map(pkiCert);
  if (pathLengthExceeded(certs)) return 'signing.reason.chain_path_length';
  const anchor = certs[certs.length - 1];
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [anchor],
    // The engine takes its last certificate as the end entity.
    certs: certs.slice(0, -1).reverse(),
    checkDate: time,
    // The path is already built with every signature verified by Node; hand the engine its issuers.
    findIssuer: async (c: pkijs.Certificate) => {
      const i = certs.findIndex((p) => Buffer.from(p.tbsView).equals(Buffer.from(c.tbsView)));
      return i >= 0 && i + 1 < certs.length ? [certs[i + 1]] : i === certs.length - 1 ? [c] : [];
    },
  });
  const result = await engine.verify();
  return result.result ? null : constraintReason(result.resultCode);
}

/** Path + policy checks for a document signer (or a timestamp authority) at `time`. */
export async function checkSignerChain(leaf: X509Certificate, pool: X509Certificate[], roots: X509Certificate[], time: Date, purpose: 'document' | 'timestamp' = 'document'): Promise<ChainResult> {
  const { path, trusted, broken } = buildPath(leaf, pool, roots);
  if (broken) return { status: 'broken', path, trusted: false };
  const facts = certFacts(new Uint8Array(leaf.raw));
  // A certification authority's key signs certificates, never documents or timestamps.
  if (isCaCertificate(facts)) return { status: 'wrong_key_usage', path, trusted, reason: 'signing.reason.signer_is_ca' };
  if (purpose === 'document' && !allowsDocumentSigning(facts)) return { status: 'wrong_key_usage', path, trusted };
  if (purpose === 'timestamp' && !(facts.extKeyUsage ?? []).includes(OID.kpTimeStamping)) return { status: 'wrong_key_usage', path, trusted };
  if (path.some((c) => !validAt(c, time))) return { status: 'expired', path, trusted };
  const problem = await pathConstraintProblem(path, time);
  if (problem) return { status: 'broken', path, trusted: false, reason: problem };
  return { status: trusted ? 'trusted' : 'untrusted', path, trusted };
}
