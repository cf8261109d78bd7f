/**
 * Cryptographic checks of a CMS SignedData (a PAdES/PKCS#7 signature or an RFC 3161 token):
 * the signer named by the SignerInfo, the content digest against the message-digest attribute
 * (or the signature over the content itself when there are no signed attributes), the
 * signing-certificate(-v2) binding, the algorithm combination, and the signature value.
 */
import { createHash, publicDecrypt, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_BY_OID, DIGEST_NAME_BY_OID, OID, XOF_OUTPUT_BYTES } from '../cms/oids';
import { readTstInfo } from '../cms/timestamp';
import { sameName, x509 } from '../certs/names';
import { newHash, signatureScheme, verifyWithScheme, type AlgorithmProblem } from '../certs/sig-verify';

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
    const parsed = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const certificates = parsed.map((c) => x509(new Uint8Array(c.toSchema().toBER(false))));
    const crls = (signedData.crls ?? [])
      .filter((c): c is pkijs.CertificateRevocationList => c instanceof pkijs.CertificateRevocationList)
      .map((c) => new Uint8Array(c.toSchema().toBER(false)));
    const index = findSigner(signerInfo, parsed);
    return { contentInfo, signedData, signerInfo, certificates, signer: index >= 0 ? certificates[index] : null, crls };
  } catch {
    return null;
  }
}

/** SubjectKeyIdentifier of a certificate: its extension, else the SHA-1 of the public key (RFC 5280 method 1). */
function keyIdentifier(c: pkijs.Certificate): Buffer {
  const ext = c.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  if (ext?.parsedValue instanceof asn1js.OctetString) return Buffer.from(ext.parsedValue.valueBlock.valueHexView);
  return createHash('sha1').update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
}

/**
 * The certificate the SignerInfo names: issuerAndSerialNumber matches issuer AND serial (a CA
 * and the signer it issued may share a serial), subjectKeyIdentifier matches the key id.
 */
function findSigner(si: pkijs.SignerInfo, certs: pkijs.Certificate[]): number {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const { issuer, serialNumber } = si.sid;
    return certs.findIndex((c) => c.serialNumber.isEqual(serialNumber) && sameName(c.issuer, issuer));
  }
  const sid = si.sid as asn1js.BaseBlock;
  // [0] IMPLICIT SubjectKeyIdentifier: pkijs keeps it as a primitive block holding the octets.
  const hex = (sid as asn1js.Primitive).valueBlock?.valueHexView;
  const ski = sid instanceof asn1js.Constructed ? (sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView : hex;
  if (!ski || ski.length === 0) return -1;
  return certs.findIndex((c) => keyIdentifier(c).equals(ski));
}

function attr(si: pkijs.SignerInfo, type: string, unsigned = false): asn1js.AsnType | undefined {
  const set = unsigned ? si.unsignedAttrs : si.signedAttrs;
  return set?.attributes.find((a) => a.type === type)?.values[0];
}

export interface CmsCheck {
  /** digest of the content matches, signature verifies, certificate binding holds, algorithms allowed. */
  ok: boolean;
  digestOk: boolean;
  signatureOk: boolean;
  digestAlgorithm: string;
  /** The signing-time signed attribute, if any. */
  signingTime: Date | null;
  /** An algorithm, or a pairing of them, the standards do not allow or we cannot verify. */
  problem: AlgorithmProblem | null;
}

/**
 * Checks the SignedData against its content: given as the content's digest computed with
 * `digestOf(algorithm)` (detached PDF byte ranges) or embedded (eContent). `contentOf` gives
 * the detached content itself, needed when the signature is over the content (no signed
 * attributes) or the digest is SHAKE256.
 */
export function checkCms(cms: ParsedCms, digestOf: (algorithm: string) => Buffer, contentOf?: () => Uint8Array): CmsCheck {
  const si = cms.signerInfo;
  const digestOid = si.digestAlgorithm.algorithmId;
  const digestAlgorithm = DIGEST_NAME_BY_OID[digestOid] ?? DIGEST_BY_OID[digestOid] ?? 'sha256';
  const eContentBlock = cms.signedData.encapContentInfo.eContent;
  const eContent = eContentBlock ? new Uint8Array(eContentBlock.getValue()) : null;
  const detachedDigest = () => (XOF_OUTPUT_BYTES[digestAlgorithm] && contentOf ? newHash(digestAlgorithm).update(contentOf()).digest() : digestOf(digestAlgorithm));
  const signature = new Uint8Array(si.signature.valueBlock.valueHexView);
  const fail = (problem: AlgorithmProblem | null = null): CmsCheck => ({ ok: false, digestOk: false, signatureOk: false, digestAlgorithm, signingTime: null, problem });
  if (!cms.signer) return fail();
  const { scheme, problem } = signatureScheme(si.signatureAlgorithm, cms.signer.publicKey, { digestOid, signedAttrs: !!si.signedAttrs });
  if (!scheme) return fail(problem);

  let digestOk: boolean;
  let signatureOk: boolean;
  let signingTime: Date | null = null;
  if (si.signedAttrs) {
    const contentDigest = eContent ? newHash(digestAlgorithm).update(eContent).digest() : detachedDigest();
    const md = attr(si, OID.messageDigest) as asn1js.OctetString | undefined;
    digestOk = !!md && Buffer.from(md.valueBlock.valueHexView).equals(contentDigest) && certBindingOk(si, cms.signer);
    const signed = new Uint8Array(si.signedAttrs.encodedValue.slice(0));
    signed[0] = 0x31;
    const st = attr(si, OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
    signingTime = st?.toDate?.() ?? null;
    signatureOk = verifyWithScheme(scheme, signed, signature, cms.signer.publicKey);
  } else {
    // No signed attributes: the signature is over the content itself (RFC 5652 §5.4).
    digestOk = true;
    const content = eContent ?? contentOf?.();
    if (content) signatureOk = verifyWithScheme(scheme, content, signature, cms.signer.publicKey);
    else signatureOk = scheme.key === 'rsa' && verifyRsaPrehashed(digestOf(digestAlgorithm), signature, cms.signer);
  }
  // An encapsulated content stands for the PDF byte ranges: adbe.pkcs7.sha1 carries their SHA-1,
  // other signers their digest or the bytes themselves.
  if (eContent && cms.signedData.encapContentInfo.eContentType === OID.data) {
    const e = Buffer.from(eContent);
    digestOk = digestOk && (e.equals(digestOf('sha1')) || e.equals(digestOf(digestAlgorithm)) || newHash(digestAlgorithm).update(e).digest().equals(detachedDigest()));
  }
  return { ok: digestOk && signatureOk && !problem, digestOk, signatureOk, digestAlgorithm, signingTime, problem };
}

/** RSA PKCS#1 v1.5 over content we only have the digest of: the DigestInfo ends with it. */
function verifyRsaPrehashed(digest: Buffer, signature: Uint8Array, cert: X509Certificate): boolean {
  try {
    const decoded = publicDecrypt(cert.publicKey, signature);
    return decoded.length > digest.length && decoded.subarray(decoded.length - digest.length).equals(digest);
  } catch {
    return false;
  }
}

/**
 * signing-certificate-v2 (or the old v1 with SHA-1) must name the signer's certificate: its
 * hash and, when present, its issuer and serial.
 */
function certBindingOk(si: pkijs.SignerInfo, signer: X509Certificate): boolean {
  const v2 = attr(si, OID.signingCertificateV2) as asn1js.Sequence | undefined;
  const v1 = attr(si, OID.signingCertificate) as asn1js.Sequence | undefined;
  const seq = v2 ?? v1;
  if (!seq) return true;
  try {
    const first = ((seq.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    let algo = v2 ? 'sha256' : 'sha1';
    let i = 0;
    if (v2 && first[0] instanceof asn1js.Sequence) {
      algo = DIGEST_NAME_BY_OID[new pkijs.AlgorithmIdentifier({ schema: first[0] }).algorithmId] ?? '';
      i = 1;
    }
    if (!algo) return false;
    const hash = Buffer.from((first[i] as asn1js.OctetString).valueBlock.valueHexView);
    if (!hash.equals(newHash(algo).update(signer.raw).digest())) return false;
    const issuerSerial = first[i + 1];
    if (issuerSerial instanceof asn1js.Sequence) {
      const [names, serial] = issuerSerial.valueBlock.value as [asn1js.Sequence, asn1js.Integer];
      const cert = pkijs.Certificate.fromBER(buf(new Uint8Array(signer.raw)));
      if (!cert.serialNumber.isEqual(serial)) return false;
      // GeneralNames: the issuer as a directoryName [4].
      const dir = names.valueBlock.value.find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 4) as asn1js.Constructed | undefined;
      if (dir && !sameName(new pkijs.RelativeDistinguishedNames({ schema: dir.valueBlock.value[0] }), cert.issuer)) return false;
    }
    return true;
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
  const algo = DIGEST_NAME_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId] ?? 'sha256';
  const imprintOk = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(stampedDigestOf(algo));
  return { ok: check.ok && imprintOk, time: tst.genTime, tsa: cms.signer, certificates: cms.certificates };
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
