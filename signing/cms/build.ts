/**
 * Builds the CAdES detached SignedData a PAdES baseline signature carries (ETSI EN 319 142-1):
 * signed attributes content-type, message-digest and signing-certificate-v2 (no signing-time:
 * PAdES puts the claimed time in the signature dictionary's /M), and for B-T the signature
 * time-stamp token as an unsigned attribute. Written with asn1js alone: pkijs, which verifying
 * needs, would cost a signature from the command line more than building the CMS itself.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { SigningKey } from '../keys/signing-key';
import { OID } from './oids';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const set = (...value: asn1js.AsnType[]) => new asn1js.Set({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const octets = (u: Uint8Array) => new asn1js.OctetString({ valueHex: buf(u) });
/** [n] around `value` (EXPLICIT for one value, IMPLICIT SET OF for several). */
const tagged = (tagNumber: number, ...value: asn1js.AsnType[]) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });
const attribute = (type: string, value: asn1js.AsnType) => seq(oid(type), set(value));

function parsed(der: Uint8Array | ArrayBuffer): asn1js.AsnType {
  const r = asn1js.fromBER(der instanceof ArrayBuffer ? der : buf(der));
  if (r.offset === -1) throw new Error(`Not valid DER: ${r.result.error}`);
  return r.result;
}

/** The certificate's issuer Name and serial number (TBSCertificate fields, after the optional [0] version). */
function issuerAndSerial(certDer: Uint8Array): { issuer: asn1js.AsnType; serial: asn1js.AsnType } {
  const cert = parsed(certDer) as asn1js.Sequence;
  const tbs = (cert.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
  const i = tbs[0].idBlock.tagClass === 3 ? 1 : 0;
  if (!(tbs[i] instanceof asn1js.Integer) || !(tbs[i + 2] instanceof asn1js.Sequence)) throw new Error('Not an X.509 certificate');
  return { serial: tbs[i], issuer: tbs[i + 2] };
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with SHA-256 (the default, so omitted). */
function signingCertificateV2(certDer: Uint8Array, issuer: asn1js.AsnType, serial: asn1js.AsnType): asn1js.Sequence {
  const certHash = createHash('sha256').update(certDer).digest();
  // GeneralNames with one directoryName [4] holding the issuer Name.
  const issuerSerial = seq(seq(tagged(4, issuer)), serial);
  return seq(seq(seq(octets(certHash), issuerSerial)));
}

export interface BuildCmsOptions {
  /** Obtains an RFC 3161 TimeStampToken (DER ContentInfo) over the given signature value (B-T). */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>;
}

/** DER of a detached CMS SignedData over content whose SHA-256 is `contentDigest`. */
export async function buildCadesSignature(key: SigningKey, contentDigest: Uint8Array, options: BuildCmsOptions = {}): Promise<Uint8Array> {
  const { issuer, serial } = issuerAndSerial(key.certificate);
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(key.certificate, issuer, serial)),
  ];
  // What is signed is the DER of the attributes as a SET (tag 0x31), not the [0] IMPLICIT form.
  const toSign = new Uint8Array(set(...attributes).toBER(false));
  const signature = await key.sign(toSign);

  const signerInfo = [
    new asn1js.Integer({ value: 1 }),
    seq(issuer, serial),
    seq(oid(OID.sha256)),
    tagged(0, ...attributes),
    key.keyType === 'rsa' ? seq(oid(OID.sha256WithRSA), new asn1js.Null()) : seq(oid(OID.ecdsaWithSHA256)),
    octets(signature),
  ];
  if (options.timestamp) {
    const token = parsed(await options.timestamp(signature));
    signerInfo.push(tagged(1, attribute(OID.signatureTimeStampToken, token)));
  }

  const signedData = seq(
    new asn1js.Integer({ value: 1 }),
    set(seq(oid(OID.sha256))),
    seq(oid(OID.data)),
    tagged(0, ...[key.certificate, ...key.chain].map((c) => parsed(c))),
    set(seq(...signerInfo)),
  );
  return new Uint8Array(seq(oid(OID.signedData), tagged(0, signedData)).toBER(false));
}
