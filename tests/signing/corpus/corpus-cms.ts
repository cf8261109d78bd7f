/**
 * CMS SignedData for the corpus, made two ways: by `openssl cms -sign` (an independent signer:
 * PKCS#1, PSS, no signed attributes, key identifiers, encapsulated content), and by a small
 * builder over pkijs + Node crypto for what this openssl cannot make (EdDSA in CMS) or must not
 * (forbidden algorithm pairings, an old signing-certificate attribute, chosen certificate order).
 */
import { constants, createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../../../signing/cms/oids';
import { tool } from '../../helpers/tool';
import type { CorpusCert } from './corpus-pki';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const pkiCert = (c: CorpusCert) => pkijs.Certificate.fromBER(buf(c.der));

export interface OpensslCmsOptions {
  signer: CorpusCert;
  /** Further certificates to carry (issuers). */
  extra?: CorpusCert[];
  /** Extra arguments, e.g. ['-noattr'], ['-keyid'], ['-md', 'sha384'], ['-keyopt', 'rsa_padding_mode:pss']. */
  args?: string[];
  /** Encapsulate the content instead of a detached signature. */
  attach?: boolean;
  dir: string;
}

/** DER of `openssl cms -sign` over `content`. */
export async function opensslCms(content: Uint8Array, o: OpensslCmsOptions): Promise<Uint8Array> {
  const id = Math.random().toString(36).slice(2);
  const data = path.join(o.dir, `content-${id}.bin`);
  const out = path.join(o.dir, `cms-${id}.der`);
  writeFileSync(data, content);
  const certfile = o.extra?.length ? path.join(o.dir, `chain-${id}.pem`) : null;
  if (certfile) writeFileSync(certfile, o.extra!.map((c) => c.certPem).join(''));
  await tool('openssl', [
    'cms', '-sign', '-binary', '-in', data, '-signer', o.signer.certFile, '-inkey', o.signer.keyFile, '-outform', 'DER', '-out', out,
    ...(o.attach ? ['-nodetach'] : []), ...(certfile ? ['-certfile', certfile] : []), ...(o.args ?? []),
  ]);
  return new Uint8Array(readFileSync(out));
}

export interface BuildOptions {
  signer: CorpusCert;
  /** Certificates carried, in this order (default: the signer). */
  certificates?: CorpusCert[];
  /** Digest algorithm OID of the SignerInfo (default SHA-256). */
  digestOid?: string;
  /** Signature AlgorithmIdentifier (default: what the key calls for). */
  signatureAlgorithm?: pkijs.AlgorithmIdentifier;
  /** How the signature is made from the signed bytes. */
  signWith?: (data: Uint8Array) => Uint8Array;
  /** Without signed attributes the signature is over the content itself. */
  signedAttributes?: boolean;
  sid?: 'issuerAndSerial' | 'keyIdentifier';
  /** Which ESS signing-certificate attribute to add (default v2). */
  signingCertificate?: 'v1' | 'v2' | 'v1-wrong-hash' | 'none';
  crls?: Uint8Array[];
}

const DIGEST_NAMES: Record<string, string> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512', [OID.shake256]: 'shake256' };

export function digestWith(oid: string, data: Uint8Array): Buffer {
  const name = DIGEST_NAMES[oid];
  return (name === 'shake256' ? createHash(name, { outputLength: 64 }) : createHash(name)).update(data).digest();
}

function defaultAlgorithm(cert: CorpusCert): pkijs.AlgorithmIdentifier {
  switch (cert.x509.publicKey.asymmetricKeyType) {
    case 'ed25519':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ed25519 });
    case 'ed448':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ed448 });
    case 'ec':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSHA256 });
    default:
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() });
  }
}

/** Signs as the default algorithm of the key does (EdDSA over the data itself). */
export function defaultSigner(cert: CorpusCert): (data: Uint8Array) => Uint8Array {
  const key = createPrivateKey(cert.keyPem);
  const type = key.asymmetricKeyType;
  if (type === 'ed25519' || type === 'ed448') return (d) => new Uint8Array(sign(null, d, key));
  if (type === 'ec') return (d) => new Uint8Array(sign('sha256', d, { key, dsaEncoding: 'der' }));
  return (d) => new Uint8Array(sign('sha256', d, key));
}

/** RSASSA-PSS AlgorithmIdentifier and signer with `hash` (OID) for both the hash and MGF1. */
export function pss(cert: CorpusCert, hashOid: string, hashName: string, saltLength: number): { signatureAlgorithm: pkijs.AlgorithmIdentifier; signWith: (d: Uint8Array) => Uint8Array } {
  const hash = new pkijs.AlgorithmIdentifier({ algorithmId: hashOid, algorithmParams: new asn1js.Null() });
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm: hash,
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: hash.toSchema() }),
    saltLength,
  });
  const key = createPrivateKey(cert.keyPem);
  return {
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsassaPss, algorithmParams: params.toSchema() }),
    signWith: (d) => new Uint8Array(sign(hashName, d, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })),
  };
}

function essAttribute(cert: CorpusCert, kind: 'v1' | 'v2' | 'v1-wrong-hash'): pkijs.Attribute {
  const c = pkiCert(cert);
  const issuerSerial = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [c.issuer.toSchema()] })] }), c.serialNumber],
  });
  if (kind === 'v2') {
    const hash = createHash('sha256').update(cert.der).digest();
    const id = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: buf(hash) }), issuerSerial] });
    return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [id] })] })] });
  }
  // ESSCertID (RFC 2634): the SHA-1 of the certificate.
  const hash = createHash('sha1').update(kind === 'v1' ? cert.der : Buffer.from('another certificate')).digest();
  const id = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: buf(hash) }), issuerSerial] });
  return new pkijs.Attribute({ type: OID.signingCertificate, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [id] })] })] });
}

function keyIdentifier(cert: CorpusCert): ArrayBuffer {
  const ext = pkiCert(cert).extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  return (ext!.parsedValue as asn1js.OctetString).valueBlock.valueHexView.slice().buffer;
}

/** DER of a detached SignedData over `content` built as `o` says. */
export function buildCms(content: Uint8Array, o: BuildOptions): Uint8Array {
  const digestOid = o.digestOid ?? OID.sha256;
  const signatureAlgorithm = o.signatureAlgorithm ?? defaultAlgorithm(o.signer);
  const signWith = o.signWith ?? defaultSigner(o.signer);
  const cert = pkiCert(o.signer);
  let signedAttrs: pkijs.SignedAndUnsignedAttributes | undefined;
  let signature: Uint8Array;
  if (o.signedAttributes === false) {
    signature = signWith(content);
  } else {
    const attributes = [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: buf(digestWith(digestOid, content)) })] }),
    ];
    const ess = o.signingCertificate ?? 'v2';
    if (ess !== 'none') attributes.push(essAttribute(o.signer, ess));
    signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
    const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
    toSign[0] = 0x31;
    signature = signWith(toSign);
  }
  const byKeyId = o.sid === 'keyIdentifier';
  const signerInfo = new pkijs.SignerInfo({
    version: byKeyId ? 3 : 1,
    sid: byKeyId
      ? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: keyIdentifier(o.signer) })
      : new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: digestOid }),
    ...(signedAttrs ? { signedAttrs } : {}),
    signatureAlgorithm,
    signature: new asn1js.OctetString({ valueHex: buf(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: byKeyId ? 3 : 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: digestOid })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: (o.certificates ?? [o.signer]).map(pkiCert),
    ...(o.crls ? { crls: o.crls.map((c) => pkijs.CertificateRevocationList.fromBER(buf(c))) } : {}),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
