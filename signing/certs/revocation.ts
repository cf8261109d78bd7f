/**
 * Revocation of a certificate from OCSP responses and CRLs: embedded ones first (the /DSS,
 * the CMS), then online ones when allowed and reachable. Responses are only believed when
 * their signature verifies with the issuer (or an OCSP responder it delegated to) and they were
 * current for the time they must speak for.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_NAME_BY_OID, OID } from '../cms/oids';
import { validAt } from './chain';
import { certFacts } from './extensions';
import { sameName, x509 } from './names';
import { verifySignature } from './sig-verify';
import { fetchOnceMore } from '../net/fetch-once-more';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export type RevocationRejection = 'not_current' | 'unauthorised';

export type CertRevocation =
  | { status: 'good'; source: 'embedded' | 'online' }
  | { status: 'revoked'; source: 'embedded' | 'online'; revokedAt: Date }
  /** `rejected`: what was wrong with the data that spoke about the certificate, if any did. */
  | { status: 'unknown'; source: 'none'; rejected?: RevocationRejection[] }
  | { status: 'not_applicable'; source: 'none' };

export interface RevocationData {
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

/** What one OCSP response or CRL says about a certificate. */
export type RevocationAnswer = { status: 'good' } | { status: 'revoked'; revokedAt: Date } | { status: 'rejected'; why: RevocationRejection };

/** When the answer must hold: `at` the (signing) time it speaks for, `now` the validation time. */
export interface RevocationTimes {
  at: Date;
  now: Date;
}

/** Clocks of responders and ours differ a little. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The thisUpdate/nextUpdate window: never issued in the future, and a "good" answer must still
 * be current at `at` (a later one is fine: revocation is final). A "revoked" answer stays true.
 */
function timelyAnswer(good: boolean, thisUpdate: Date, nextUpdate: Date | undefined, times: RevocationTimes): boolean {
  if (thisUpdate.getTime() > times.now.getTime() + CLOCK_SKEW_MS) return false;
  if (!good) return true;
  return (nextUpdate ?? thisUpdate).getTime() >= times.at.getTime() - CLOCK_SKEW_MS;
}

const defaultTimes = (): RevocationTimes => ({ at: new Date(), now: new Date() });

function pkiCert(c: X509Certificate): pkijs.Certificate {
  return pkijs.Certificate.fromBER(buf(new Uint8Array(c.raw)));
}

function issuerKeyHash(issuer: X509Certificate, algo = 'sha1'): Buffer {
  const spk = pkiCert(issuer).subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return createHash(algo).update(spk).digest();
}

function sameCertificate(a: X509Certificate, b: X509Certificate): boolean {
  return a.fingerprint256 === b.fingerprint256;
}

/**
 * An OCSP responder authorised for `issuer`'s certificates (RFC 6960 §4.2.2.2): the CA itself, or
 * a certificate it issued with id-kp-OCSPSigning, valid when the response was produced.
 */
function authorisedResponder(responder: X509Certificate, issuer: X509Certificate, producedAt: Date): boolean {
  if (sameCertificate(responder, issuer)) return true;
  const f = certFacts(new Uint8Array(responder.raw));
  if (!(f.extKeyUsage ?? []).includes(OID.kpOcspSigning)) return false;
  if (f.keyUsage && !f.keyUsage.includes('digitalSignature') && !f.keyUsage.includes('nonRepudiation')) return false;
  return responder.checkIssued(issuer) && responder.verify(issuer.publicKey) && validAt(responder, producedAt);
}

/** Status from one DER OCSP response, or null when it does not speak about `cert`. */
export function checkOcsp(der: Uint8Array, cert: X509Certificate, issuer: X509Certificate, times: RevocationTimes = defaultTimes()): RevocationAnswer | null {
  try {
    const resp = pkijs.OCSPResponse.fromBER(buf(der));
    if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes) return null;
    if (resp.responseBytes.responseType !== OID.ocspBasic) return null;
    const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes.response.valueBlock.valueHexView.slice().buffer);
    const certPki = pkiCert(cert);
    const issuerNameDer = new Uint8Array(certPki.issuer.toSchema().toBER(false));
    const single = basic.tbsResponseData.responses.find((r) => {
      const algo = DIGEST_NAME_BY_OID[r.certID.hashAlgorithm.algorithmId];
      if (!algo || !r.certID.serialNumber.isEqual(certPki.serialNumber)) return false;
      return (
        Buffer.from(r.certID.issuerKeyHash.valueBlock.valueHexView).equals(issuerKeyHash(issuer, algo)) &&
        Buffer.from(r.certID.issuerNameHash.valueBlock.valueHexView).equals(createHash(algo).update(issuerNameDer).digest())
      );
    });
    if (!single) return null;
    // Who signed: only the issuer itself, or a responder it delegated to, may speak for it.
    const candidates = [issuer, ...(basic.certs ?? []).map((c) => x509(new Uint8Array(c.toSchema().toBER(false))))];
    const tbs = basic.tbsResponseData.tbsView;
    const sig = new Uint8Array(basic.signature.valueBlock.valueHexView);
    const producedAt = basic.tbsResponseData.producedAt;
    const signer = candidates.find((c) => verifySignature(basic.signatureAlgorithm, tbs, sig, c.publicKey) && authorisedResponder(c, issuer, producedAt));
    if (!signer) return { status: 'rejected', why: 'unauthorised' };
    const st = single.certStatus as asn1js.BaseBlock;
    if (st.idBlock.tagNumber !== 0 && st.idBlock.tagNumber !== 1) return null; // "unknown" from the responder
    const good = st.idBlock.tagNumber === 0;
    if (!timelyAnswer(good, single.thisUpdate, single.nextUpdate, times)) return { status: 'rejected', why: 'not_current' };
    if (good) return { status: 'good' };
    const inner = (st as asn1js.Constructed).valueBlock.value?.[0] as asn1js.GeneralizedTime | undefined;
    return { status: 'revoked', revokedAt: inner?.toDate?.() ?? new Date(0) };
  } catch {
    return null;
  }
}

/** Status from one DER CRL, or null when it is not a CRL of `cert`'s issuer. */
export function checkCrl(der: Uint8Array, cert: X509Certificate, issuer: X509Certificate, times: RevocationTimes = defaultTimes()): RevocationAnswer | null {
  try {
    const crl = pkijs.CertificateRevocationList.fromBER(buf(der));
    const certPki = pkiCert(cert);
    if (!sameName(crl.issuer, certPki.issuer)) return null;
    const sig = new Uint8Array(crl.signatureValue.valueBlock.valueHexView);
    const issuerUsage = certFacts(new Uint8Array(issuer.raw)).keyUsage;
    if (issuerUsage && !issuerUsage.includes('cRLSign')) return { status: 'rejected', why: 'unauthorised' };
    if (!verifySignature(crl.signatureAlgorithm, crl.tbsView, sig, issuer.publicKey)) return { status: 'rejected', why: 'unauthorised' };
    const entry = (crl.revokedCertificates ?? []).find((r) => r.userCertificate.isEqual(certPki.serialNumber));
    if (!timelyAnswer(!entry, crl.thisUpdate.value, crl.nextUpdate?.value, times)) return { status: 'rejected', why: 'not_current' };
    return entry ? { status: 'revoked', revokedAt: entry.revocationDate.value } : { status: 'good' };
  } catch {
    return null;
  }
}

const accepted = (a: RevocationAnswer | null): a is Exclude<RevocationAnswer, { status: 'rejected' }> => !!a && a.status !== 'rejected';

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
    if (body && accepted(checkOcsp(body, cert, issuer))) {
      out.ocsps.push(body);
      return out;
    }
  }
  for (const url of facts.crlUrls.filter((u) => /^https?:/i.test(u))) {
    const body = await fetchBytes(url, { method: 'GET' }, timeoutMs);
    if (body && accepted(checkCrl(body, cert, issuer))) {
      out.crls.push(body);
      return out;
    }
  }
  return out;
}

/**
 * Revocation status of `cert` from embedded data, then online when allowed, as of `times.at`
 * (the signing time) checked at `times.now`.
 */
export async function revocationOf(cert: X509Certificate, issuer: X509Certificate, embedded: RevocationData, online: boolean, times: RevocationTimes = defaultTimes()): Promise<CertRevocation> {
  const facts = certFacts(new Uint8Array(cert.raw));
  if (facts.ocspNoCheck) return { status: 'not_applicable', source: 'none' };
  const rejected = new Set<RevocationRejection>();
  const decide = (data: RevocationData, source: 'embedded' | 'online'): CertRevocation | null => {
    const answers = [...data.ocsps.map((o) => checkOcsp(o, cert, issuer, times)), ...data.crls.map((c) => checkCrl(c, cert, issuer, times))];
    for (const a of answers) if (a?.status === 'rejected') rejected.add(a.why);
    const answer = answers.find(accepted);
    if (!answer) return null;
    return answer.status === 'good' ? { status: 'good', source } : { status: 'revoked', source, revokedAt: answer.revokedAt };
  };
  const fromEmbedded = decide(embedded, 'embedded');
  if (fromEmbedded) return fromEmbedded;
  if (facts.ocspUrls.length === 0 && facts.crlUrls.length === 0 && rejected.size === 0) return { status: 'not_applicable', source: 'none' };
  if (online) {
    const fetched = decide(await fetchRevocation(cert, issuer), 'online');
    if (fetched) return fetched;
  }
  return rejected.size ? { status: 'unknown', source: 'none', rejected: [...rejected] } : { status: 'unknown', source: 'none' };
}
