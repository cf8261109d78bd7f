/**
 * Revocation of a certificate from OCSP responses and CRLs: embedded ones first (the /DSS,
 * the CMS), then online ones when allowed and reachable. Responses are only believed when
 * their signature verifies with the issuer (or an OCSP responder it delegated to).
 */
import { createHash, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../cms/oids';
import { certFacts } from './extensions';
import { x509 } from './names';
import { verifySignature } from './sig-verify';
import { fetchOnceMore } from '../net/fetch-once-more';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const hexSerial = (v: Uint8Array) => Buffer.from(v).toString('hex').replace(/^0+(?=.)/, '').toUpperCase();
const normSerial = (s: string) => s.replace(/^0+(?=.)/, '').toUpperCase();

export type CertRevocation =
  | { status: 'good'; source: 'embedded' | 'online' }
  | { status: 'revoked'; source: 'embedded' | 'online'; revokedAt: Date }
  | { status: 'unknown'; source: 'none' }
  | { status: 'not_applicable'; source: 'none' };

export interface RevocationData {
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

function pkiCert(c: X509Certificate): pkijs.Certificate {
  return pkijs.Certificate.fromBER(buf(new Uint8Array(c.raw)));
}

function issuerKeyHash(issuer: X509Certificate, algo = 'sha1'): Buffer {
  const spk = pkiCert(issuer).subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return createHash(algo).update(spk).digest();
}

/** Status from one DER OCSP response, or null when it does not speak (validly) about `cert`. */
export function checkOcsp(der: Uint8Array, cert: X509Certificate, issuer: X509Certificate): { good: boolean; revokedAt?: Date } | null {
  try {
    const resp = pkijs.OCSPResponse.fromBER(buf(der));
    if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes) return null;
    if (resp.responseBytes.responseType !== OID.ocspBasic) return null;
    const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes.response.valueBlock.valueHexView.slice().buffer);
    // Who signed: the issuer itself, or a responder certificate it issued for OCSP signing.
    const candidates = [issuer, ...(basic.certs ?? []).map((c) => x509(new Uint8Array(c.toSchema().toBER(false))))];
    const tbs = basic.tbsResponseData.tbsView;
    const sig = new Uint8Array(basic.signature.valueBlock.valueHexView);
    const signer = candidates.find((c) => {
      if (!verifySignature(basic.signatureAlgorithm.algorithmId, tbs, sig, c.publicKey)) return false;
      if (c.fingerprint256 === issuer.fingerprint256) return true;
      const f = certFacts(new Uint8Array(c.raw));
      return c.checkIssued(issuer) && c.verify(issuer.publicKey) && (f.extKeyUsage ?? []).includes('1.3.6.1.5.5.7.3.9');
    });
    if (!signer) return null;
    for (const single of basic.tbsResponseData.responses) {
      if (hexSerial(new Uint8Array(single.certID.serialNumber.valueBlock.valueHexView)) !== normSerial(cert.serialNumber)) continue;
      const algo = single.certID.hashAlgorithm.algorithmId === OID.sha256 ? 'sha256' : 'sha1';
      if (!Buffer.from(single.certID.issuerKeyHash.valueBlock.valueHexView).equals(issuerKeyHash(issuer, algo))) continue;
      const st = single.certStatus as asn1js.BaseBlock;
      if (st.idBlock.tagNumber === 0) return { good: true };
      if (st.idBlock.tagNumber === 1) {
        const inner = (st as asn1js.Constructed).valueBlock.value?.[0] as asn1js.GeneralizedTime | undefined;
        return { good: false, revokedAt: inner?.toDate?.() ?? new Date(0) };
      }
      return null; // "unknown" from the responder
    }
    return null;
  } catch {
    return null;
  }
}

/** Status from one DER CRL, or null when it is not (validly) the issuer's CRL. */
export function checkCrl(der: Uint8Array, cert: X509Certificate, issuer: X509Certificate): { good: boolean; revokedAt?: Date } | null {
  try {
    const crl = pkijs.CertificateRevocationList.fromBER(buf(der));
    const sig = new Uint8Array(crl.signatureValue.valueBlock.valueHexView);
    if (!verifySignature(crl.signatureAlgorithm.algorithmId, crl.tbsView, sig, issuer.publicKey)) return null;
    const serial = normSerial(cert.serialNumber);
    const entry = (crl.revokedCertificates ?? []).find((r) => hexSerial(new Uint8Array(r.userCertificate.valueBlock.valueHexView)) === serial);
    return entry ? { good: false, revokedAt: entry.revocationDate.value } : { good: true };
  } catch {
    return null;
  }
}

/** DER OCSP request for `cert` (SHA-1 CertID, what every responder understands). */
export function ocspRequest(cert: X509Certificate, issuer: X509Certificate): Uint8Array {
  const issuerPki = pkiCert(issuer);
  const nameDer = issuerPki.subject.toSchema().toBER(false);
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha1, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: buf(createHash('sha1').update(new Uint8Array(nameDer)).digest()) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: buf(issuerKeyHash(issuer)) }),
    serialNumber: pkiCert(cert).serialNumber,
  });
  const req = new pkijs.OCSPRequest();
  req.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  return new Uint8Array(req.toSchema(true).toBER(false));
}

async function fetchBytes(url: string, init: RequestInit, timeoutMs: number): Promise<Uint8Array | null> {
  try {
    const res = await fetchOnceMore(url, init, timeoutMs);
    if (!res.ok) return null;
    return new Uint8Array(await res.arrayBuffer());
  } catch {
    return null;
  }
}

/** Fetches an OCSP response, else the CRL, for `cert`; null-free lists of what was obtained. */
export async function fetchRevocation(cert: X509Certificate, issuer: X509Certificate, timeoutMs = 15_000): Promise<RevocationData> {
  const facts = certFacts(new Uint8Array(cert.raw));
  const out: RevocationData = { ocsps: [], crls: [] };
  for (const url of facts.ocspUrls.filter((u) => /^https?:/i.test(u))) {
    const body = await fetchBytes(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: Buffer.from(ocspRequest(cert, issuer)) }, timeoutMs);
    if (body && checkOcsp(body, cert, issuer)) {
      out.ocsps.push(body);
      return out;
    }
  }
  for (const url of facts.crlUrls.filter((u) => /^https?:/i.test(u))) {
    const body = await fetchBytes(url, { method: 'GET' }, timeoutMs);
    if (body && checkCrl(body, cert, issuer)) {
      out.crls.push(body);
      return out;
    }
  }
  return out;
}

/** Revocation status of `cert` from embedded data, then online when allowed. */
export async function revocationOf(cert: X509Certificate, issuer: X509Certificate, embedded: RevocationData, online: boolean): Promise<CertRevocation> {
  const facts = certFacts(new Uint8Array(cert.raw));
  if (facts.ocspNoCheck) return { status: 'not_applicable', source: 'none' };
  const decide = (data: RevocationData, source: 'embedded' | 'online'): CertRevocation | null => {
    for (const o of data.ocsps) {
      const r = checkOcsp(o, cert, issuer);
      if (r) return r.good ? { status: 'good', source } : { status: 'revoked', source, revokedAt: r.revokedAt! };
    }
    for (const c of data.crls) {
      const r = checkCrl(c, cert, issuer);
      if (r) return r.good ? { status: 'good', source } : { status: 'revoked', source, revokedAt: r.revokedAt! };
    }
    return null;
  };
  const fromEmbedded = decide(embedded, 'embedded');
  if (fromEmbedded) return fromEmbedded;
  if (facts.ocspUrls.length === 0 && facts.crlUrls.length === 0) return { status: 'not_applicable', source: 'none' };
  if (online) {
    const fetched = decide(await fetchRevocation(cert, issuer), 'online');
    if (fetched) return fetched;
  }
  return { status: 'unknown', source: 'none' };
}
