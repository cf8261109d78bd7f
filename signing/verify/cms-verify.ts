/**
 * Cryptographic checks of a CMS SignedData (a PAdES/PKCS#7 signature or an RFC 3161 token):
 * the content digest against the message-digest attribute, the signing-certificate(-v2)
 * binding, and the signature value with the signer's public key.
 */
import { createHash, publicDecrypt, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_BY_OID, OID } from '../cms/oids';
import { readTstInfo } from '../cms/timestamp';
import { x509 } from '../certs/names';
import { verifySignature } from '../certs/sig-verify';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export interface ParsedCms {
  contentInfo: pkijs.ContentInfo;
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  certificates: X509Certificate[];
  signer: X509Certificate | null;
  crls: Uint8Array[];
}

export function parseCms(der: Uint8Array): ParsedCms | null {
  try {
    const asn = asn1js.fromBER(buf(der));
    if (asn.offset === -1) return null;
    const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
    if (contentInfo.contentType !== OID.signedData) return null;
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const signerInfo = signedData.signerInfos[0];
    if (!signerInfo) return null;
    const certificates = (signedData.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => x509(new Uint8Array(c.toSchema().toBER(false))));
    const crls = (signedData.crls ?? [])
      .filter((c): c is pkijs.CertificateRevocationList => c instanceof pkijs.CertificateRevocationList)
      .map((c) => new Uint8Array(c.toSchema().toBER(false)));
    return { contentInfo, signedData, signerInfo, certificates, signer: findSigner(signerInfo, certificates), crls };
  } catch {
    return null;
  }
}

function findSigner(si: pkijs.SignerInfo, certs: X509Certificate[]): X509Certificate | null {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const serial = Buffer.from(si.sid.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^0+(?=.)/, '').toUpperCase();
    return certs.find((c) => c.serialNumber.replace(/^0+(?=.)/, '').toUpperCase() === serial) ?? null;
  }
  // subjectKeyIdentifier [0]
  const ski = Buffer.from((si.sid as asn1js.OctetString).valueBlock?.valueHexView ?? new Uint8Array()).toString('hex');
  return certs.find((c) => {
    const p = pkijs.Certificate.fromBER(buf(new Uint8Array(c.raw)));
    const ext = p.extensions?.find((e) => e.extnID === '2.5.29.14');
    return ext && Buffer.from((ext.parsedValue as asn1js.OctetString).valueBlock.valueHexView).toString('hex') === ski;
  }) ?? null;
}

function attr(si: pkijs.SignerInfo, type: string, unsigned = false): asn1js.AsnType | undefined {
  const set = unsigned ? si.unsignedAttrs : si.signedAttrs;
  return set?.attributes.find((a) => a.type === type)?.values[0];
}

export interface CmsCheck {
  /** digest of the content matches, signature verifies, certificate binding holds. */
  ok: boolean;
  digestOk: boolean;
  signatureOk: boolean;
  digestAlgorithm: string;
  /** The signing-time signed attribute, if any. */
  signingTime: Date | null;
}

/**
 * Checks the SignedData against its content: given as the content's digest computed with
 * `digestOf(algorithm)` (detached PDF byte ranges) or embedded (eContent).
 */
export function checkCms(cms: ParsedCms, digestOf: (algorithm: string) => Buffer): CmsCheck {
  const si = cms.signerInfo;
  const digestAlgorithm = DIGEST_BY_OID[si.digestAlgorithm.algorithmId] ?? 'sha256';
  const eContent = cms.signedData.encapContentInfo.eContent;
  const contentDigest = eContent ? createHash(digestAlgorithm).update(new Uint8Array(eContent.getValue())).digest() : digestOf(digestAlgorithm);
  const signature = new Uint8Array(si.signature.valueBlock.valueHexView);
  let digestOk: boolean;
  let signed: Uint8Array;
  let signingTime: Date | null = null;
  if (si.signedAttrs) {
    const md = attr(si, OID.messageDigest) as asn1js.OctetString | undefined;
    digestOk = !!md && Buffer.from(md.valueBlock.valueHexView).equals(contentDigest);
    signed = new Uint8Array(si.signedAttrs.encodedValue.slice(0));
    signed[0] = 0x31;
    const st = attr(si, OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
    signingTime = st?.toDate?.() ?? null;
    digestOk = digestOk && certBindingOk(si, cms.signer);
  } else {
    digestOk = true;
    signed = eContent ? new Uint8Array(eContent.getValue()) : new Uint8Array();
    if (!eContent) {
      // No signed attributes: the signature is over the content itself; verify with the digest.
      const ok = !!cms.signer && verifyPrehashed(si, contentDigest, signature, cms.signer);
      return { ok, digestOk: true, signatureOk: ok, digestAlgorithm, signingTime };
    }
  }
  const signatureOk = !!cms.signer && verifySignature(si.signatureAlgorithm.algorithmId, signed, signature, cms.signer.publicKey, si.digestAlgorithm.algorithmId);
  // adbe.pkcs7.sha1: the eContent is the SHA-1 of the byte ranges.
  if (eContent && cms.signedData.encapContentInfo.eContentType === OID.data) {
    digestOk = digestOk && Buffer.from(new Uint8Array(eContent.getValue())).equals(digestOf('sha1'));
  }
  return { ok: digestOk && signatureOk, digestOk, signatureOk, digestAlgorithm, signingTime };
}

function verifyPrehashed(si: pkijs.SignerInfo, digest: Buffer, signature: Uint8Array, cert: X509Certificate): boolean {
  // Without signed attributes the signature is computed over the content; we only have its digest,
  // so recover via public-key decrypt for RSA (PKCS#1 DigestInfo ends with the digest).
  try {
    if (cert.publicKey.asymmetricKeyType !== 'rsa') return false;
    const decoded = publicDecrypt(cert.publicKey, signature);
    void si;
    return decoded.subarray(decoded.length - digest.length).equals(digest);
  } catch {
    return false;
  }
}

/** signing-certificate-v2 (or v1) must name the signer's certificate. */
function certBindingOk(si: pkijs.SignerInfo, signer: X509Certificate | null): boolean {
  if (!signer) return false;
  const v2 = attr(si, OID.signingCertificateV2) as asn1js.Sequence | undefined;
  const v1 = attr(si, OID.signingCertificate) as asn1js.Sequence | undefined;
  const seq = v2 ?? v1;
  if (!seq) return true;
  try {
    const first = ((seq.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    let algo = v2 ? 'sha256' : 'sha1';
    let i = 0;
    if (v2 && first[0] instanceof asn1js.Sequence) {
      const oid = (first[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
      algo = DIGEST_BY_OID[oid] ?? 'sha256';
      i = 1;
    }
    const hash = Buffer.from((first[i] as asn1js.OctetString).valueBlock.valueHexView);
    return hash.equals(createHash(algo).update(signer.raw).digest());
  } catch {
    return false;
  }
}

export interface TimestampCheck {
  ok: boolean;
  time: Date | null;
  tsa: X509Certificate | null;
  certificates: X509Certificate[];
}

/** Verifies an RFC 3161 token stamping `stampedDigestOf(algorithm)`. */
export function checkTimestampToken(token: Uint8Array | pkijs.ContentInfo, stampedDigestOf: (algorithm: string) => Buffer): TimestampCheck {
  const der = token instanceof Uint8Array ? token : new Uint8Array(token.toSchema().toBER(false));
  const cms = parseCms(der);
  if (!cms) return { ok: false, time: null, tsa: null, certificates: [] };
  const check = checkCms(cms, () => Buffer.alloc(0));
  const tst = readTstInfo(cms.contentInfo);
  if (!tst) return { ok: false, time: null, tsa: cms.signer, certificates: cms.certificates };
  const algo = DIGEST_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId] ?? 'sha256';
  const imprintOk = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(stampedDigestOf(algo));
  return { ok: check.signatureOk && check.digestOk && imprintOk, time: tst.genTime, tsa: cms.signer, certificates: cms.certificates };
}

/** The signature-time-stamp token of a signer, if any. */
export function signatureTimestamp(cms: ParsedCms): pkijs.ContentInfo | null {
  const value = attr(cms.signerInfo, OID.signatureTimeStampToken, true);
  if (!value) return null;
  try {
    return new pkijs.ContentInfo({ schema: value });
  } catch {
    return null;
  }
}

export function signatureValue(cms: ParsedCms): Uint8Array {
  return new Uint8Array(cms.signerInfo.signature.valueBlock.valueHexView);
}
